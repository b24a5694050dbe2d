/** 2D drawings of molecules as SVG (RDKit's MolDraw2D via RDKit.js), for hit lists and reports. */
import { loadRDKit, parseMolecule } from "./rdkit.ts";

export interface DrawingOptions {
  width?: number;
  height?: number;
  /** atom indices to highlight (e.g. a substructure or alert match); bonds between them are highlighted too */
  highlight?: readonly number[];
}

/**
 * Draws a molecule (SMILES or molblock) as an SVG document. A structure RDKit cannot read throws an error
 * with RDKit's reason; highlight indices outside the molecule throw too.
 */
export async function moleculeSvg(structure: string, options: DrawingOptions = {}): Promise<string> {
  const rdkit = await loadRDKit();
  const width = options.width ?? 300;
  const height = options.height ?? 200;
  for (const [what, v] of [
    ["width", width],
    ["height", height],
  ] as const)
    if (!Number.isInteger(v) || v < 16 || v > 4096)
      throw new Error(`drawing ${what} must be 16..4096 px, got ${v}`);
  const mol = parseMolecule(rdkit, structure);
  try {
    const highlight = options.highlight ?? [];
    if (highlight.length === 0) return mol.get_svg(width, height);
    const n = mol.get_num_atoms();
    const bad = highlight.find((a) => !Number.isInteger(a) || a < 0 || a >= n);
    if (bad !== undefined)
      throw new Error(`highlight atom ${bad} is not an atom of the molecule (0..${n - 1})`);
    const atoms = new Set(highlight);
    // highlight the bonds inside the highlighted atom set, so a matched ring or chain reads as one piece
    const json = JSON.parse(mol.get_json()) as {
      molecules: Array<{ bonds?: Array<{ atoms: [number, number] }> }>;
    };
    const bonds: number[] = [];
    for (const [i, b] of (json.molecules[0]?.bonds ?? []).entries())
      if (atoms.has(b.atoms[0]) && atoms.has(b.atoms[1])) bonds.push(i);
    return mol.get_svg_with_highlights(JSON.stringify({ atoms: [...atoms], bonds, width, height }));
  } finally {
    mol.delete();
  }
}
