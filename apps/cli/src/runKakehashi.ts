/** Test helper: runs the `kakehashi` command as a user would, in English, and returns its exit code and output. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const BIN = fileURLToPath(new URL("../bin/kakehashi.js", import.meta.url));
const run = promisify(execFile);

export async function kakehashi(args: string[], env: Record<string, string>, input?: string) {
  const child = run(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env, LANG: "C.UTF-8", KAKEHASHI_LANG: "en" },
    timeout: 60_000,
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
