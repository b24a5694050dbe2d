/**
 * One RDKit.js (MinimalLib WASM) instance per process. Every JSMol / query mol made from it lives on the WASM
 * heap and must be deleted: the helpers here (`withMol`, `parseMolecule`) exist so that callers cannot forget.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import initRDKitModule, { type Log, type MainModule, type Mol } from "@rdkit/rdkit";

export type RDKitModule = MainModule;
export type { Mol };

interface LoadedRDKit {
  rdkit: RDKitModule;
  /** the module's linear memory, captured at instantiation so leaks can be measured */
  memory: WebAssembly.Memory | undefined;
  /** RDKit's error/warning log, captured so that a failure can say why instead of printing to stderr */
  log: Log | null;
}

let loading: Promise<LoadedRDKit> | undefined;
let loaded: LoadedRDKit | undefined;

async function instantiate(): Promise<LoadedRDKit> {
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve("@rdkit/rdkit/RDKit_minimal.wasm");
  const bytes = await readFile(wasmPath);
  let memory: WebAssembly.Memory | undefined;
  let failed: (error: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => {
    failed = reject;
  });
  // Emscripten's instantiateWasm hook: we instantiate ourselves so that we can keep a handle on the memory
  // export (MinimalLib does not expose HEAP8), which the leak checks need.
  // A CommonJS package: under Node's ESM rules the default import is module.exports, whose `default` is the
  // factory (Emscripten sets both), which is also what the type declarations describe.
  const starting = initRDKitModule.default({
    instantiateWasm(imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance) => void) {
      WebAssembly.instantiate(bytes, imports).then(
        ({ instance }) => {
          memory = Object.values(instance.exports).find((e) => e instanceof WebAssembly.Memory) as
            | WebAssembly.Memory
            | undefined;
          receive(instance);
        },
        (error: unknown) => failed(error),
      );
      return {};
    },
  });
  const rdkit = await Promise.race([starting, failure]);
  const log = rdkit.set_log_capture("rdApp.*");
  const result = { rdkit, memory, log };
  loaded = result;
  return result;
}

/** Initialises RDKit.js once per process; later calls return the same module. */
export function loadRDKit(): Promise<RDKitModule> {
  if (!loading) {
    const attempt = instantiate();
    loading = attempt;
    // a failed start (unreadable .wasm, out of memory) is not cached: the next call tries again
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
  }
  return loading.then((l) => l.rdkit);
}

/** Bytes of WASM linear memory RDKit currently holds (it only grows); NaN before loadRDKit() resolved. */
export function rdkitHeapBytes(): number {
  return loaded?.memory?.buffer.byteLength ?? Number.NaN;
}

/** Clears RDKit's captured log so that the next `rdkitMessages()` reports only what follows. */
export function clearRDKitMessages(): void {
  loaded?.log?.clear_buffer();
}

/**
 * RDKit's captured log lines since the last clear, without timestamps and duplicates, then cleared.
 * These carry the reason a molecule failed ("Explicit valence for atom # 1 N, 5, is greater than permitted").
 */
export function rdkitMessages(): string[] {
  const log = loaded?.log;
  if (!log) return [];
  const text = log.get_buffer();
  log.clear_buffer();
  const lines = text
    .split("\n")
    .map((l) => l.replace(/^\[\d\d:\d\d:\d\d\]\s*/, "").trim())
    .filter((l) => l !== "");
  return [...new Set(lines)];
}

/** Thrown when RDKit cannot read a molecule or pattern; the message names the input and RDKit's reason. */
export class MoleculeParseError extends Error {
  constructor(
    readonly input: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = "MoleculeParseError";
  }
}

function shorten(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/**
 * Parses SMILES or a molblock into a JSMol that the caller owns (and must delete). Throws MoleculeParseError
 * with RDKit's own reason when the input does not give a molecule with atoms.
 */
export function parseMolecule(rdkit: RDKitModule, input: string): Mol {
  if (input.trim() === "") throw new MoleculeParseError(input, "empty structure");
  clearRDKitMessages();
  const mol = rdkit.get_mol(input);
  if (!mol) {
    const reason = rdkitMessages().join("; ") || "RDKit could not read the structure";
    throw new MoleculeParseError(input, `${reason} (input: ${shorten(input)})`);
  }
  if (!mol.is_valid() || mol.get_num_atoms() === 0) {
    mol.delete();
    throw new MoleculeParseError(input, `structure has no atoms (input: ${shorten(input)})`);
  }
  return mol;
}

/** Parses a SMARTS pattern into a query mol the caller owns; a bad pattern throws an error naming it. */
export function parseSmarts(rdkit: RDKitModule, smarts: string): Mol {
  if (smarts.trim() === "") throw new MoleculeParseError(smarts, "empty SMARTS pattern");
  clearRDKitMessages();
  const query = rdkit.get_qmol(smarts);
  if (!query?.is_valid()) {
    query?.delete();
    const reason = rdkitMessages().at(-1) ?? "RDKit could not read it";
    throw new MoleculeParseError(smarts, `invalid SMARTS pattern "${smarts}": ${reason}`);
  }
  return query;
}

/** Runs `use` on a freshly parsed molecule and always deletes it afterwards. */
export function withMol<T>(rdkit: RDKitModule, input: string, use: (mol: Mol) => T): T {
  const mol = parseMolecule(rdkit, input);
  try {
    return use(mol);
  } finally {
    mol.delete();
  }
}
