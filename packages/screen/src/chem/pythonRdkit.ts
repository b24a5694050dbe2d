/**
 * Test oracle: runs a Python script under Debian's python3-rdkit (RDKit 2022.09, C++), an implementation
 * independent of the RDKit.js WASM build that the screen uses. Input and output travel as JSON on
 * stdin/stdout. Not part of the public API.
 */
import { spawnSync } from "node:child_process";

/** Debian's interpreter, where python3-rdkit is installed; override with KAKEHASHI_PYTHON_RDKIT. */
export const PYTHON_RDKIT = process.env.KAKEHASHI_PYTHON_RDKIT ?? "/usr/bin/python3";

/**
 * Runs `script` (Python source; it reads `json.load(sys.stdin)` and prints one JSON document) and returns the
 * parsed output. Throws with Python's stderr when the interpreter or RDKit is missing or the script fails.
 */
export function runPythonRdkit<T>(script: string, input: unknown): T {
  const run = spawnSync(PYTHON_RDKIT, ["-c", script], {
    input: JSON.stringify(input),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error || run.status !== 0) {
    throw new Error(
      `python3-rdkit oracle failed (${PYTHON_RDKIT}; apt-get install python3-rdkit): ${run.stderr || run.error}`,
    );
  }
  return JSON.parse(run.stdout) as T;
}

/** Python prelude shared by the oracle scripts: RDKit quiet, JSON in. */
export const PYTHON_PRELUDE = `
import json, sys
from rdkit import Chem, RDLogger
RDLogger.DisableLog('rdApp.*')
data = json.load(sys.stdin)
`;
