/**
 * Structure-based screening: receptor and ligand preparation with Open Babel (and RDKit for 3D), docking with
 * AutoDock Vina, all run as child processes (Debian packages openbabel, python3-rdkit, autodock-vina), with an
 * on-disk cache that makes a large screen resumable.
 */
export {
  boxFromCoordinates,
  boxFromLigand,
  DEFAULT_BOX_PADDING,
  DEFAULT_MIN_BOX_EDGE,
  type DockingBox,
  type Vec3,
  VINA_VOLUME_ADVICE,
} from "./box.ts";
export {
  DEFAULT_EXHAUSTIVENESS,
  DEFAULT_SEED,
  DEFAULT_TIMEOUT_MS,
  DockingAbortedError,
  type DockingFailure,
  type DockingParameters,
  type DockingProgress,
  type DockingResult,
  type DockingRun,
  type DockLibraryOptions,
  dockLibrary,
  type LibraryLigand,
  vinaScores,
} from "./dock.ts";
export {
  type CanonicalLigand,
  canonicalLigand,
  checkGeometry,
  LIGAND_RECIPES,
  type LigandContext,
  type LigandEmbedder,
  type LigandPreparation,
  prepareLigand,
} from "./ligand.ts";
export { type DockingReceptor, prepareReceptor, type ReceptorOptions } from "./receptor.ts";
export { checkDockingTools, DockingToolMissingError, type DockingTools } from "./tools.ts";
