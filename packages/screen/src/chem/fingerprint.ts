/**
 * Morgan (ECFP-like) fingerprints packed into 32-bit words, and Tanimoto similarity over the packed words.
 * Packing into Uint32 words lets one AND + popcount handle 32 bits, which is what makes a million-molecule
 * scan take a fraction of a second in plain JavaScript.
 */
import { loadRDKit, type Mol, withMol } from "./rdkit.ts";
import { standardiseMol } from "./standardise.ts";

/** Morgan fingerprint settings. ECFP4 is radius 2 (diameter 4). */
export interface FingerprintParameters {
  radius: number;
  nBits: number;
}

export const DEFAULT_FINGERPRINT: FingerprintParameters = { radius: 2, nBits: 2048 };

/** One molecule's fingerprint: bit i is word[i >>> 5] >>> (i & 31) & 1. */
export type Fingerprint = Uint32Array;

/** Checks that the settings make a fingerprint we can pack (nBits a positive multiple of 32). */
export function checkFingerprintParameters(p: FingerprintParameters): void {
  if (!Number.isInteger(p.radius) || p.radius < 0 || p.radius > 10)
    throw new Error(`Morgan radius must be an integer in 0..10, got ${p.radius}`);
  if (!Number.isInteger(p.nBits) || p.nBits <= 0 || p.nBits % 32 !== 0)
    throw new Error(`fingerprint length must be a positive multiple of 32 bits, got ${p.nBits}`);
}

/** Number of 32-bit words one fingerprint takes. */
export function wordsPerFingerprint(nBits: number): number {
  return nBits >>> 5;
}

/**
 * Packs RDKit's byte fingerprint (bit i in byte i >> 3 at position i & 7, as get_*_fp_as_uint8array returns
 * it) into little-endian 32-bit words, written into `out` at `offset`.
 */
export function packFingerprintBytes(bytes: Uint8Array, out: Uint32Array, offset = 0): void {
  const words = bytes.length >>> 2;
  for (let w = 0; w < words; w++) {
    const b = w << 2;
    out[offset + w] =
      ((bytes[b] as number) |
        ((bytes[b + 1] as number) << 8) |
        ((bytes[b + 2] as number) << 16) |
        ((bytes[b + 3] as number) << 24)) >>>
      0;
  }
}

/** Morgan fingerprint of a parsed molecule, packed into words. */
export function morganFingerprint(
  mol: Mol,
  params: FingerprintParameters = DEFAULT_FINGERPRINT,
): Fingerprint {
  const bytes = mol.get_morgan_fp_as_uint8array(
    JSON.stringify({ radius: params.radius, nBits: params.nBits }),
  ) as Uint8Array;
  if (bytes.length * 8 !== params.nBits)
    throw new Error(`RDKit returned a ${bytes.length * 8}-bit fingerprint, ${params.nBits} were asked for`);
  const fp = new Uint32Array(wordsPerFingerprint(params.nBits));
  packFingerprintBytes(bytes, fp);
  return fp;
}

/** Set bits of a 32-bit word (SWAR bit counting; no loop, no table). */
export function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

/** Set bits of `words` words of `fps` starting at word `offset`. */
export function bitCount(fps: Uint32Array, offset = 0, words = fps.length - offset): number {
  let n = 0;
  for (let w = 0; w < words; w++) n += popcount32(fps[offset + w] as number);
  return n;
}

/** Indices of the set bits, ascending. */
export function onBits(fp: Uint32Array, offset = 0, words = fp.length - offset): number[] {
  const bits: number[] = [];
  for (let w = 0; w < words; w++) {
    let word = fp[offset + w] as number;
    while (word !== 0) {
      const low = word & -word;
      bits.push((w << 5) + (31 - Math.clz32(low)));
      word = (word ^ low) >>> 0;
    }
  }
  return bits;
}

/**
 * Tanimoto (Jaccard) similarity |A∩B| / |A∪B| of two packed fingerprints. Two empty fingerprints have
 * similarity 1, as in RDKit's DataStructs.TanimotoSimilarity (identical, if uninformative).
 */
export function tanimoto(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length)
    throw new Error(`fingerprints differ in length (${a.length} and ${b.length} words)`);
  let common = 0;
  let union = 0;
  for (let w = 0; w < a.length; w++) {
    const x = a[w] as number;
    const y = b[w] as number;
    common += popcount32(x & y);
    union += popcount32(x | y);
  }
  return union === 0 ? 1 : common / union;
}

/**
 * Morgan fingerprint of a structure (SMILES or molblock), standardised first like library molecules unless
 * `standardised: false`.
 */
export async function moleculeFingerprint(
  structure: string,
  params: FingerprintParameters = DEFAULT_FINGERPRINT,
  options: { standardised?: boolean } = {},
): Promise<Fingerprint> {
  checkFingerprintParameters(params);
  const rdkit = await loadRDKit();
  return withMol(rdkit, structure, (mol) => {
    if (options.standardised === false) return morganFingerprint(mol, params);
    const parent = standardiseMol(rdkit, mol);
    try {
      return morganFingerprint(parent.mol, params);
    } finally {
      if (parent.mol !== mol) parent.mol.delete();
    }
  });
}
