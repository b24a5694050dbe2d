/**
 * Ligand-based chemistry of the screen: reading compound libraries, standardising structures, Morgan
 * fingerprints and Tanimoto similarity search, substructure search, drug-likeness rules, PAINS alerts and
 * 2D drawings, on RDKit.js (RDKit MinimalLib compiled to WebAssembly).
 */
export {
  type AlertMatch,
  alertsForMol,
  PAINS_ALERTS,
  type PainsFamily,
  type StructuralAlert,
  structuralAlerts,
} from "./alerts.ts";
export { type DrawingOptions, moleculeSvg } from "./depict.ts";
export {
  bitCount,
  checkFingerprintParameters,
  DEFAULT_FINGERPRINT,
  type Fingerprint,
  type FingerprintParameters,
  moleculeFingerprint,
  morganFingerprint,
  onBits,
  packFingerprintBytes,
  popcount32,
  tanimoto,
  wordsPerFingerprint,
} from "./fingerprint.ts";
export {
  type BuildLibraryOptions,
  buildLibrary,
  deserialiseLibrary,
  type LibraryMolecule,
  type LibraryParameters,
  libraryFromParts,
  libraryVersion,
  loadLibrary,
  type MoleculeLibrary,
  STANDARDISER_VERSION,
  saveLibrary,
  serialiseLibrary,
} from "./library.ts";
export {
  applyPropertyFilter,
  computeProperties,
  lipinski,
  type MolecularProperties,
  molecularProperties,
  type PropertyFilter,
  type PropertyName,
  type RuleResult,
  veber,
} from "./properties.ts";
export {
  loadRDKit,
  type Mol,
  MoleculeParseError,
  parseMolecule,
  parseSmarts,
  type RDKitModule,
  rdkitHeapBytes,
  withMol,
} from "./rdkit.ts";
export {
  type MoleculeRecord,
  parseSdf,
  parseSmilesLines,
  parseTable,
  type ReadOptions,
  type RecordFailure,
  type RecordSet,
  readMoleculeFile,
  type SdfOptions,
  type TableColumns,
} from "./records.ts";
export {
  type SimilarityHit,
  type SimilarityOptions,
  searchFingerprints,
  similarityScores,
  similaritySearch,
} from "./similarity.ts";
export {
  type StandardisedMol,
  type StandardisedStructure,
  standardise,
  standardiseMol,
  standardiseStructure,
} from "./standardise.ts";
export {
  matchSubstructure,
  type SubstructureHit,
  type SubstructureOptions,
  type SubstructureResult,
  substructureSearch,
} from "./substructure.ts";
