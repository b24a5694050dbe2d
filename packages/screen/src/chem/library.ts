/**
 * A MoleculeLibrary: standardised compounds with their Morgan fingerprints packed into one Uint32Array
 * (nBits/32 words per molecule, molecule i at words [i·w, (i+1)·w)), so that similarity search runs over one
 * contiguous block of memory. A library is built once, saved as a compact file (JSON header + binary
 * fingerprints) and reloaded in milliseconds.
 */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { endianness } from "node:os";
import {
  checkFingerprintParameters,
  DEFAULT_FINGERPRINT,
  type FingerprintParameters,
  morganFingerprint,
  popcount32,
  wordsPerFingerprint,
} from "./fingerprint.ts";
import { type MolecularProperties, molecularProperties } from "./properties.ts";
import { loadRDKit, MoleculeParseError, parseMolecule, type RDKitModule } from "./rdkit.ts";
import type { MoleculeRecord, RecordFailure, RecordSet } from "./records.ts";
import { standardiseMol } from "./standardise.ts";

/** One standardised compound of a library. */
export interface LibraryMolecule {
  id: string;
  name: string;
  /** canonical SMILES of the standardised parent (largest organic fragment, neutralised) */
  smiles: string;
  /** where it was read from */
  source: string;
  line: number;
  /** physico-chemical properties (absent when the library was built without them) */
  properties?: MolecularProperties;
  /** the other columns or SD data items of the input record */
  fields: Record<string, string>;
}

/** Everything that defines how fingerprints were made; part of the library version. */
export interface LibraryParameters extends FingerprintParameters {
  fingerprint: "morgan";
  /** RDKit.js version: fingerprints and canonical SMILES can change between RDKit releases */
  rdkit: string;
  /** version of our standardisation procedure, bumped when it changes what a parent is */
  standardiser: number;
}

export interface MoleculeLibrary {
  /** sha256 of the canonical SMILES (in order) and the parameters */
  version: string;
  parameters: LibraryParameters;
  molecules: LibraryMolecule[];
  /** all fingerprints, nBits/32 words per molecule, in molecule order */
  fingerprints: Uint32Array;
  /** set bits of each fingerprint, precomputed for Tanimoto */
  bitCounts: Uint16Array;
  /** input records that could not be read or standardised, with file, line and reason */
  failures: RecordFailure[];
}

/** Bumped whenever standardise.ts would give a different parent for some input. */
export const STANDARDISER_VERSION = 1;

export interface BuildLibraryOptions extends Partial<FingerprintParameters> {
  /** compute MW, cLogP, HBD/HBA, TPSA, rotatable bonds (RDKit descriptors; about 2 ms per molecule) */
  properties?: boolean;
  /** called every `progressEvery` records with (done, total) */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

/** sha256 over the canonical SMILES, one per line, followed by the parameters as JSON. */
export function libraryVersion(smiles: readonly string[], parameters: LibraryParameters): string {
  const hash = createHash("sha256");
  for (const s of smiles) hash.update(`${s}\n`);
  hash.update(
    JSON.stringify({
      fingerprint: parameters.fingerprint,
      radius: parameters.radius,
      nBits: parameters.nBits,
      rdkit: parameters.rdkit,
      standardiser: parameters.standardiser,
    }),
  );
  return hash.digest("hex");
}

function countBits(fingerprints: Uint32Array, words: number, n: number): Uint16Array {
  const counts = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    let c = 0;
    const base = i * words;
    for (let w = 0; w < words; w++) c += popcount32(fingerprints[base + w] as number);
    counts[i] = c;
  }
  return counts;
}

function shorten(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** Standardises and fingerprints one record; the caller catches and reports failures. */
function buildOne(
  rdkit: RDKitModule,
  record: MoleculeRecord,
  params: FingerprintParameters,
  withProperties: boolean,
): { molecule: LibraryMolecule; fingerprint: Uint32Array } {
  const input = parseMolecule(rdkit, record.structure);
  try {
    const parent = standardiseMol(rdkit, input);
    try {
      return {
        molecule: {
          id: record.id,
          name: record.name,
          smiles: parent.smiles,
          source: record.source,
          line: record.line,
          ...(withProperties ? { properties: molecularProperties(parent.mol) } : {}),
          fields: record.fields,
        },
        fingerprint: morganFingerprint(parent.mol, params),
      };
    } finally {
      if (parent.mol !== input) parent.mol.delete();
    }
  } finally {
    input.delete();
  }
}

/**
 * Standardises every record, fingerprints the parents and packs the fingerprints. Records RDKit cannot
 * read become failures (file, line, reason); the rest load. Failures of a RecordSet passed in are kept.
 */
export async function buildLibrary(
  input: readonly MoleculeRecord[] | RecordSet,
  options: BuildLibraryOptions = {},
): Promise<MoleculeLibrary> {
  const rdkit = await loadRDKit();
  const params: FingerprintParameters = {
    radius: options.radius ?? DEFAULT_FINGERPRINT.radius,
    nBits: options.nBits ?? DEFAULT_FINGERPRINT.nBits,
  };
  checkFingerprintParameters(params);
  const records = "records" in input ? input.records : input;
  const failures: RecordFailure[] = "records" in input ? [...input.failures] : [];
  const words = wordsPerFingerprint(params.nBits);
  let fingerprints = new Uint32Array(Math.max(1, records.length) * words);
  const molecules: LibraryMolecule[] = [];
  const every = options.progressEvery ?? 1000;
  for (const [i, record] of records.entries()) {
    try {
      const built = buildOne(rdkit, record, params, options.properties ?? true);
      fingerprints.set(built.fingerprint, molecules.length * words);
      molecules.push(built.molecule);
    } catch (error) {
      // one bad structure must not stop a library of thousands: it is reported with its place instead
      const reason =
        error instanceof MoleculeParseError
          ? error.reason
          : `RDKit failed on it: ${(error as Error).message ?? error}`;
      failures.push({
        source: record.source,
        line: record.line,
        ...(record.record !== undefined ? { record: record.record } : {}),
        id: record.id,
        input: shorten(record.structure),
        reason,
      });
    }
    if (options.onProgress && (i + 1) % every === 0) options.onProgress(i + 1, records.length);
  }
  options.onProgress?.(records.length, records.length);
  fingerprints = fingerprints.slice(0, molecules.length * words);
  const parameters: LibraryParameters = {
    fingerprint: "morgan",
    radius: params.radius,
    nBits: params.nBits,
    rdkit: rdkit.version(),
    standardiser: STANDARDISER_VERSION,
  };
  return {
    version: libraryVersion(
      molecules.map((m) => m.smiles),
      parameters,
    ),
    parameters,
    molecules,
    fingerprints,
    bitCounts: countBits(fingerprints, words, molecules.length),
    failures,
  };
}

/**
 * Makes a library from molecules and fingerprints already at hand (e.g. the same fingerprints repeated for
 * a benchmark, or a subset of a library); checks the sizes and recomputes bit counts and version.
 */
export function libraryFromParts(
  molecules: LibraryMolecule[],
  fingerprints: Uint32Array,
  parameters: LibraryParameters,
  failures: RecordFailure[] = [],
): MoleculeLibrary {
  const words = wordsPerFingerprint(parameters.nBits);
  if (fingerprints.length !== molecules.length * words)
    throw new Error(
      `${fingerprints.length} fingerprint words for ${molecules.length} molecules of ${words} words each`,
    );
  return {
    version: libraryVersion(
      molecules.map((m) => m.smiles),
      parameters,
    ),
    parameters,
    molecules,
    fingerprints,
    bitCounts: countBits(fingerprints, words, molecules.length),
    failures,
  };
}

// --- file format ----------------------------------------------------------------------------------------
//
//   bytes 0..7   "KKHLIB1\n"
//   bytes 8..11  header length H (uint32, little-endian)
//   bytes 12..   header: UTF-8 JSON { format, version, parameters, count, fingerprintSha256, molecules, failures }
//   padding to a multiple of 4 bytes, then count × nBits/32 fingerprint words (uint32, little-endian)

const MAGIC = "KKHLIB1\n";
const LITTLE_ENDIAN = endianness() === "LE";

interface LibraryHeader {
  format: 1;
  version: string;
  parameters: LibraryParameters;
  count: number;
  fingerprintSha256: string;
  molecules: LibraryMolecule[];
  failures: RecordFailure[];
}

function wordsAsLittleEndianBytes(words: Uint32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < words.length; i++) view.setUint32(i * 4, words[i] as number, true);
  return out;
}

/** Serialises a library to bytes: JSON header + binary fingerprints. */
export function serialiseLibrary(library: MoleculeLibrary): Uint8Array {
  const fpBytes = wordsAsLittleEndianBytes(library.fingerprints);
  const header: LibraryHeader = {
    format: 1,
    version: library.version,
    parameters: library.parameters,
    count: library.molecules.length,
    fingerprintSha256: createHash("sha256").update(fpBytes).digest("hex"),
    molecules: library.molecules,
    failures: library.failures,
  };
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const start = 12 + json.length;
  const padded = (start + 3) & ~3;
  const out = new Uint8Array(padded + fpBytes.length);
  out.set(Buffer.from(MAGIC, "ascii"), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(fpBytes, padded);
  return out;
}

/**
 * Reads a serialised library back; checks the magic, the sizes, the fingerprint checksum and that the version
 * matches the SMILES and parameters, so that a truncated or edited file is refused with a reason.
 */
export function deserialiseLibrary(bytes: Uint8Array, source = "library"): MoleculeLibrary {
  const fail = (why: string): never => {
    throw new Error(`${source}: not a valid molecule library file (${why})`);
  };
  if (bytes.length < 12 || Buffer.from(bytes.subarray(0, 8)).toString("ascii") !== MAGIC) fail("bad magic");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) fail("header runs past the end of the file");
  let header: LibraryHeader;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(12, 12 + headerLength)).toString("utf8")) as LibraryHeader;
  } catch (error) {
    return fail(`header is not JSON: ${(error as Error).message}`);
  }
  if (header.format !== 1) fail(`unknown format ${String(header.format)}`);
  checkFingerprintParameters(header.parameters);
  if (header.molecules.length !== header.count) fail("molecule count does not match the header");
  const words = wordsPerFingerprint(header.parameters.nBits);
  const offset = (12 + headerLength + 3) & ~3;
  const fpBytes = bytes.subarray(offset);
  if (fpBytes.length !== header.count * words * 4)
    fail(`${fpBytes.length} fingerprint bytes, ${header.count * words * 4} expected`);
  if (createHash("sha256").update(fpBytes).digest("hex") !== header.fingerprintSha256)
    fail("fingerprint checksum mismatch");
  // copy into a fresh, aligned buffer (the file buffer's offset need not be a multiple of 4)
  const fingerprints = new Uint32Array(header.count * words);
  const fpView = new DataView(fpBytes.buffer, fpBytes.byteOffset, fpBytes.byteLength);
  if (LITTLE_ENDIAN) new Uint8Array(fingerprints.buffer).set(fpBytes);
  else for (let i = 0; i < fingerprints.length; i++) fingerprints[i] = fpView.getUint32(i * 4, true);
  const library = libraryFromParts(header.molecules, fingerprints, header.parameters, header.failures);
  if (library.version !== header.version) fail("version does not match the molecules and parameters");
  return library;
}

/** Writes a library file. */
export async function saveLibrary(library: MoleculeLibrary, file: string): Promise<void> {
  await writeFile(file, serialiseLibrary(library));
}

/** Reads a library file written by saveLibrary. */
export async function loadLibrary(file: string): Promise<MoleculeLibrary> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new Error(`cannot read molecule library ${file}: ${(error as Error).message}`);
  }
  return deserialiseLibrary(bytes, file);
}
