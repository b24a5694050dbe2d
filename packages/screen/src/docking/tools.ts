/**
 * Open Babel (`obabel`), AutoDock Vina (`vina`) and Debian's RDKit for Python (3D embedding) run as child
 * processes. This module finds them, asks their versions (part of every cache key: a new Vina gives new
 * scores) and runs them with a time limit.
 */
import { spawn } from "node:child_process";

/**
 * Where the programs are: by default `obabel` and `vina` on PATH and Debian's `/usr/bin/python3` (where
 * python3-rdkit lives), or KAKEHASHI_OBABEL, KAKEHASHI_VINA, KAKEHASHI_PYTHON_RDKIT.
 */
export interface DockingTools {
  obabel?: string;
  vina?: string;
  /** a Python 3 interpreter that can `import rdkit` */
  python?: string;
}

interface ToolInfo {
  label: string;
  debianPackage: string;
  versionArgs: string[];
  versionPattern: RegExp;
}

const TOOLS = {
  obabel: {
    label: "Open Babel (obabel)",
    debianPackage: "openbabel",
    versionArgs: ["-V"],
    versionPattern: /Open Babel\s+(\S+)/,
  },
  vina: {
    label: "AutoDock Vina (vina)",
    debianPackage: "autodock-vina",
    versionArgs: ["--version"],
    versionPattern: /AutoDock Vina\s+v?(\S+)/,
  },
  python: {
    label: "RDKit for Python (python3 with rdkit)",
    debianPackage: "python3-rdkit",
    versionArgs: ["-c", "import rdkit; print('RDKit', rdkit.__version__)"],
    versionPattern: /^RDKit (\S+)/m,
  },
} satisfies Record<string, ToolInfo>;

export type ToolName = keyof typeof TOOLS;

/** A docking program is not installed (or not where the options say): names the Debian package to install. */
export class DockingToolMissingError extends Error {
  constructor(
    readonly tool: ToolName,
    readonly command: string,
    detail: string,
  ) {
    const info = TOOLS[tool];
    super(
      `${info.label} is needed for docking but "${command}" could not be run (${detail}): ` +
        `install the Debian package ${info.debianPackage} (apt-get install ${info.debianPackage})`,
    );
    this.name = "DockingToolMissingError";
  }
}

const ENV = { obabel: "KAKEHASHI_OBABEL", vina: "KAKEHASHI_VINA", python: "KAKEHASHI_PYTHON_RDKIT" } as const;
const DEFAULT_COMMAND = { obabel: "obabel", vina: "vina", python: "/usr/bin/python3" } as const;

/** The command that runs a tool: the option, else the environment variable, else the default. */
export function toolCommand(tool: ToolName, tools: DockingTools = {}): string {
  const env = process.env[ENV[tool]];
  return tools[tool] ?? (env && env !== "" ? env : DEFAULT_COMMAND[tool]);
}

/** The outcome of one child process. */
export interface ToolRun {
  command: string;
  args: string[];
  /** exit code; null when it was killed */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** the program could not be started at all (ENOENT, EACCES) */
  spawnError?: NodeJS.ErrnoException;
  ms: number;
}

/** Runs a program without a shell (SMILES are passed as plain arguments, never interpolated). */
export function runTool(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number; input?: string; signal?: AbortSignal } = {},
): Promise<ToolRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    // an aborted run (the server is stopping) kills the program; its ligand is left for the next run
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: ["pipe", "pipe", "pipe"],
      ...(options.signal ? { signal: options.signal, killSignal: "SIGKILL" as const } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    const timeoutMs = options.timeoutMs;
    const timer =
      timeoutMs !== undefined && Number.isFinite(timeoutMs)
        ? setTimeout(
            () => {
              timedOut = true;
              child.kill("SIGKILL");
            },
            Math.max(1, timeoutMs),
          )
        : undefined;
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.stdin.on("error", () => {}); // a program that exits before reading stdin is not an error here
    child.stdin.end(options.input ?? "");
    child.on("error", (error: NodeJS.ErrnoException) => {
      if (error.name !== "AbortError") spawnError = error;
    });
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        command,
        args,
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        timedOut,
        ...(spawnError ? { spawnError } : {}),
        ms: performance.now() - started,
      });
    });
  });
}

const versions = new Map<string, Promise<string>>();

/**
 * The tool's version string ("3.1.1", "1.2.3"), asked once per command per process. Throws
 * DockingToolMissingError naming the Debian package when the program cannot be run.
 */
export function toolVersion(tool: ToolName, tools: DockingTools = {}): Promise<string> {
  const command = toolCommand(tool, tools);
  const key = `${tool}\u0000${command}`;
  let version = versions.get(key);
  if (!version) {
    version = probeVersion(tool, command);
    versions.set(key, version);
    // a failed probe is not remembered: the tool may be installed while the process runs
    version.catch(() => versions.delete(key));
  }
  return version;
}

async function probeVersion(tool: ToolName, command: string): Promise<string> {
  const info = TOOLS[tool];
  const run = await runTool(command, [...info.versionArgs], { timeoutMs: 30_000 });
  if (run.spawnError)
    throw new DockingToolMissingError(tool, command, run.spawnError.code ?? run.spawnError.message);
  const text = `${run.stdout}\n${run.stderr}`;
  const match = info.versionPattern.exec(text);
  if (!match?.[1])
    throw new DockingToolMissingError(
      tool,
      command,
      `it ran but did not print a version (exit ${run.code}): ${lastLines(text, 2) || "no output"}`,
    );
  return match[1];
}

/**
 * The versions of Open Babel, Vina and RDKit for Python; throws DockingToolMissingError (naming the Debian
 * package) for the first one that is missing.
 */
export async function checkDockingTools(
  tools: DockingTools = {},
): Promise<{ obabel: string; vina: string; rdkit: string }> {
  const [obabel, vina, rdkit] = await Promise.allSettled([
    toolVersion("obabel", tools),
    toolVersion("vina", tools),
    toolVersion("python", tools),
  ]);
  if (obabel.status === "rejected") throw obabel.reason;
  if (vina.status === "rejected") throw vina.reason;
  if (rdkit.status === "rejected") throw rdkit.reason;
  return { obabel: obabel.value, vina: vina.value, rdkit: rdkit.value };
}

/** The last non-empty lines of a tool's output, joined on one line: what a failure report shows. */
export function lastLines(text: string, count = 3): string {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/^[=*]+$/.test(l))
    .slice(-count)
    .join(" | ");
}

/** A command line as it could be typed in a shell, for provenance records. */
export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args]
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(" ");
}
