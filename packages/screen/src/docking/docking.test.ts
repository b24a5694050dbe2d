/**
 * Receptor preparation and docking against SARS-CoV-2 Mpro (PDB 6LU7) with the real Open Babel, RDKit for
 * Python and Vina.
 * Docking is slow, so the library is six ligands, exhaustiveness 1 and a 16 Å box on N3's site; the reruns
 * use the two smallest.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boxFromCoordinates, boxFromLigand, type DockingBox } from "./box.ts";
import {
  DockingAbortedError,
  type DockingProgress,
  type DockingRun,
  dockLibrary,
  type LibraryLigand,
} from "./dock.ts";
import { checkLigandPdbqt, prepareLigand } from "./ligand.ts";
import { type DockingReceptor, prepareReceptor } from "./receptor.ts";
import { checkDockingTools, DockingToolMissingError, type DockingTools } from "./tools.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const sharedData = process.env.KAKEHASHI_SHARED_DATA ?? path.resolve(repoRoot, "../shared/data");
const mproPdb = path.join(sharedData, "chem", "6lu7_mpro_n3.pdb");
const moonshotCsv = path.join(sharedData, "chem", "moonshot_mpro_achiral_enantiopure_2023-10-18.csv");
const haveData = existsSync(mproPdb) && existsSync(moonshotCsv);
if (!haveData)
  console.warn(`shared data not found at ${path.join(sharedData, "chem")}: the docking tests did not run`);

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "kh-dock-"));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

/**
 * Wrappers that log each call and then run the real program: the test counts processes from outside the
 * code under test.
 */
async function countingTools(dir: string): Promise<{ tools: DockingTools; calls: () => Promise<string[]> }> {
  const log = path.join(dir, "calls.log");
  await writeFile(log, "");
  const tools: DockingTools = {};
  const real = {
    obabel: execFileSync("sh", ["-c", "command -v obabel"], { encoding: "utf8" }).trim(),
    vina: execFileSync("sh", ["-c", "command -v vina"], { encoding: "utf8" }).trim(),
    python: process.env.KAKEHASHI_PYTHON_RDKIT ?? "/usr/bin/python3",
  };
  for (const name of ["obabel", "vina", "python"] as const) {
    const wrapper = path.join(dir, name);
    // one line per call (the Python script spans lines: only its first 120 characters, on one line)
    await writeFile(
      wrapper,
      `#!/bin/sh\nprintf '%s %s\\n' ${name} "$(printf '%s ' "$@" | tr '\\n' ' ' | cut -c1-120)" >> '${log}'\nexec '${real[name]}' "$@"\n`,
    );
    await chmod(wrapper, 0o755);
    tools[name] = wrapper;
  }
  const calls = async () => (await readFile(log, "utf8")).split("\n").filter((l) => l !== "");
  return { tools, calls };
}
const dockings = (calls: string[]) =>
  calls.filter((c) => c.startsWith("vina ") && c.includes("--receptor")).length;
/** Open Babel and Python runs that prepare ligands (not the version checks) */
const preparations = (calls: string[]) =>
  calls.filter(
    (c) =>
      (c.startsWith("obabel ") && !c.startsWith("obabel -V")) ||
      (c.startsWith("python ") && !c.includes("__version__")),
  ).length;

/** PDBQT atom records as {residue, chain, resSeq, name, type, x, y, z}, read by column. */
function pdbqtAtoms(text: string) {
  return text
    .split("\n")
    .filter((l) => l.startsWith("ATOM") || l.startsWith("HETATM"))
    .map((l) => ({
      name: l.slice(12, 16).trim(),
      residue: l.slice(17, 20).trim(),
      chain: l.slice(21, 22),
      resSeq: Number(l.slice(22, 26)),
      x: Number(l.slice(30, 38)),
      y: Number(l.slice(38, 46)),
      z: Number(l.slice(46, 54)),
      type: l.slice(77).trim(),
    }));
}

/** Vina's console table: the affinity of mode 1 ("   1       -7.084          0          0"). */
function tableBest(log: string): number {
  const row = log.split("\n").find((l) => /^\s+1\s+-?\d/.test(l));
  return Number(row?.trim().split(/\s+/)[1]);
}

describe.skipIf(!haveData)("docking into SARS-CoV-2 Mpro (6LU7) with Open Babel and AutoDock Vina", () => {
  let dir: string;
  let cacheDir: string;
  let tools: DockingTools;
  let calls: () => Promise<string[]>;
  let receptor: DockingReceptor;
  let box: DockingBox;
  let library: LibraryLigand[];
  let first: DockingRun;
  let progress: DockingProgress[];

  beforeAll(async () => {
    // fails every test with "install the Debian package openbabel / autodock-vina" when one is missing
    await checkDockingTools();
    dir = await tempDir();
    cacheDir = path.join(dir, "cache");
    ({ tools, calls } = await countingTools(dir));
    const csv = await readFile(moonshotCsv, "utf8");
    // MAT-POS-23a8a11a-1: a COVID Moonshot isoquinoline amide, IC50 0.38 µM against Mpro
    const moonshot = csv.split("\n").find((l) => l.split(",")[1] === "MAT-POS-23a8a11a-1");
    const moonshotSmiles = moonshot?.split(",")[0];
    if (!moonshotSmiles) throw new Error(`${moonshotCsv}: MAT-POS-23a8a11a-1 not found`);
    library = [
      { id: "MAT-POS-23a8a11a-1", smiles: moonshotSmiles },
      { id: "aspirin", smiles: "CC(=O)OC1=CC=CC=C1C(O)=O" },
      { id: "paracetamol", smiles: "CC(=O)NC1=CC=C(O)C=C1" },
      { id: "broken", smiles: "C1CC(" },
      // trans-fused bicyclo[2.1.0]pentane: the SMILES parses, but no 3D structure has this stereochemistry
      { id: "trans-housane", smiles: "C1C[C@@H]2C[C@@H]12" },
      // boron is not an AutoDock atom type: Vina refuses the ligand
      { id: "bortezomib", smiles: "CC(C)C[C@H](NC(=O)[C@H](Cc1ccccc1)NC(=O)c1cnccn1)B(O)O" },
    ];
    receptor = await prepareReceptor(mproPdb, { chain: "A", tools }, cacheDir);
    const n3 = await boxFromLigand(mproPdb, ["C:*"], 8);
    // N3's site with a 16 Å box: holds His41, Cys145 and S1's His163, and keeps the test fast
    box = boxFromCoordinates(n3.center, { x: 16, y: 16, z: 16 }, "N3 centre, 16 Å");
    progress = [];
    first = await dockLibrary(receptor, library, box, {
      exhaustiveness: 1,
      seed: 42,
      workers: 2,
      cacheDir,
      tools,
      onProgress: (p) => progress.push(p),
    });
  }, 120_000);

  it("prepares the receptor: chain A, no waters, no N3, hydrogens where pH 7.4 puts them", async () => {
    const text = await readFile(receptor.pdbqtPath, "utf8");
    const atoms = pdbqtAtoms(text);
    const residues = new Set(atoms.map((a) => a.residue));
    for (const gone of ["HOH", "02J", "PJE", "010"]) expect(residues.has(gone)).toBe(false);
    expect(new Set(atoms.map((a) => a.chain))).toEqual(new Set(["A"]));
    // every heavy atom of chain A's ATOM records survives (counted from the PDB text here)
    const pdb = await readFile(mproPdb, "utf8");
    const chainA = pdb.split("\n").filter((l) => l.startsWith("ATOM") && l[21] === "A").length;
    expect(chainA).toBe(2367);
    expect(atoms.filter((a) => a.type !== "HD").length).toBe(chainA);
    expect(receptor.heavyAtoms).toBe(chainA);
    const adTypes = new Set(["C", "A", "N", "NA", "OA", "SA", "S", "HD"]);
    expect(atoms.every((a) => adTypes.has(a.type))).toBe(true);
    // chemistry at pH 7.4: lysine NZ carries 3 H (NH3+), Asp/Glu carboxylate oxygens none
    const hydrogens = atoms.filter((a) => a.type === "HD");
    const hOn = (a: { x: number; y: number; z: number }) =>
      hydrogens.filter((h) => Math.hypot(h.x - a.x, h.y - a.y, h.z - a.z) < 1.15).length;
    const lysNZ = atoms.filter((a) => a.residue === "LYS" && a.name === "NZ");
    const carboxylates = atoms.filter(
      (a) =>
        (a.residue === "ASP" && /^OD[12]$/.test(a.name)) || (a.residue === "GLU" && /^OE[12]$/.test(a.name)),
    );
    expect(lysNZ.length).toBeGreaterThan(5);
    expect(lysNZ.map(hOn)).toEqual(lysNZ.map(() => 3));
    expect(carboxylates.length).toBeGreaterThan(20);
    expect(carboxylates.map(hOn)).toEqual(carboxylates.map(() => 0));
    expect(receptor.polarHydrogens).toBe(hydrogens.length);
    // no non-polar hydrogens: the PDBQT writer merged them
    expect(atoms.some((a) => a.type === "H")).toBe(false);

    expect(receptor.removed.heteroGroups).toEqual(["C:02J1", "C:PJE5", "C:0106"]);
    expect(receptor.removed.otherChains).toEqual(["C"]);
    const waters = new Set(
      pdb
        .split("\n")
        .filter((l) => l.startsWith("HETATM") && l.slice(17, 20) === "HOH")
        .map((l) => l.slice(21, 27)),
    );
    expect(receptor.removed.waters).toBe(waters.size);
    expect(receptor.commands[1]).toBe("obabel clean.pdb -xr -p 7.4 -opdbqt -O receptor.pdbqt");
    const obabelV = execFileSync("obabel", ["-V"], { encoding: "utf8" });
    expect(obabelV).toContain(`Open Babel ${receptor.versions.obabel} `);
    expect(
      createHash("sha256")
        .update(await readFile(receptor.pdbqtPath))
        .digest("hex"),
    ).toBe(receptor.sha256);

    const again = await prepareReceptor(mproPdb, { chain: "A", tools }, cacheDir);
    expect(again.cached).toBe(true);
    expect(again.sha256).toBe(receptor.sha256);
  });

  it("refuses an unknown chain and a missing file, naming them", async () => {
    await expect(prepareReceptor(mproPdb, { chain: "Z", tools }, cacheDir)).rejects.toThrow(
      /6lu7_mpro_n3\.pdb: chain "Z" not found; chains with atoms: A, C/,
    );
    await expect(prepareReceptor(path.join(dir, "absent.pdb"), {}, cacheDir)).rejects.toThrow(
      /absent\.pdb: cannot read the PDB file \(ENOENT\)/,
    );
  });

  it("docks the Moonshot inhibitor, aspirin and paracetamol with negative scores; each pose lies in the box", async () => {
    expect(first.results.map((r) => r.id)).toEqual(["MAT-POS-23a8a11a-1", "aspirin", "paracetamol"]);
    const [moonshot, aspirin, paracetamol] = first.results;
    // a 23-heavy-atom ligand in a pocket scores -5 to -8 kcal/mol; above -4 it was not placed in the site
    expect(moonshot?.score).toBeLessThan(-4);
    expect(aspirin?.score).toBeLessThan(0);
    expect(paracetamol?.score).toBeLessThan(0);
    for (const result of first.results) {
      expect(result.cached).toBe(false);
      // the score read from the pose file agrees with Vina's console table and is the best mode
      expect(result.score).toBe(tableBest(result.log));
      expect(result.modes[0]).toBe(result.score);
      expect([...result.modes].sort((a, b) => a - b)).toEqual(result.modes);
      const pose = await readFile(result.posePath, "utf8");
      const model1 = pose.slice(0, pose.indexOf("ENDMDL"));
      expect(model1).toMatch(new RegExp(`REMARK VINA RESULT:\\s+${result.score.toFixed(3)}`));
      for (const a of pdbqtAtoms(model1))
        for (const axis of ["x", "y", "z"] as const)
          expect(Math.abs(a[axis] - box.center[axis])).toBeLessThanOrEqual(box.size[axis] / 2 + 1e-3);
    }
    expect(aspirin?.dockedSmiles).toBe("CC(=O)Oc1ccccc1C(=O)[O-]"); // the carboxylate at pH 7.4
    expect(aspirin?.commands.map((c) => c.split(" ")[0])).toEqual(["obabel", "python3", "obabel", "vina"]);
    expect(aspirin?.commands[0]).toBe("obabel '-:CC(=O)Oc1ccccc1C(=O)O' -p 7.4 -ocan");
    expect(aspirin?.commands[3]).toContain(`--receptor ${receptor.pdbqtPath} --ligand `);
    expect(first.provenance.versions.vina).toBe(
      /AutoDock Vina v?(\S+)/.exec(execFileSync("vina", ["--version"], { encoding: "utf8" }))?.[1],
    );
    expect(first.provenance.vinaCommand).toContain("--exhaustiveness 1 --num_modes 9 --seed 42 --cpu 1");
  });

  it("reports the broken SMILES, the molecule that cannot be embedded and the boron Vina refuses; the rest dock", async () => {
    const failure = (id: string) => first.failures.find((f) => f.id === id);
    expect(first.failures.map((f) => f.id)).toEqual(["broken", "trans-housane", "bortezomib"]);
    expect(failure("broken")).toMatchObject({
      stage: "smiles",
      reason: expect.stringMatching(/SMILES does not parse/),
    });
    expect(failure("trans-housane")).toMatchObject({
      stage: "preparation",
      reason: expect.stringMatching(
        /RDKit could not embed the molecule in 3D: RDKit ETKDG found no 3D embedding/,
      ),
    });
    expect(failure("bortezomib")).toMatchObject({
      stage: "docking",
      reason: expect.stringMatching(/Atom type B is not a valid AutoDock type/),
    });
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.at(-1)).toMatchObject({ total: 6, docked: 3, failed: 3, cached: 0 });
    // Vina ran for the four ligands that reached it, no more
    expect(dockings(await calls())).toBe(4);
    expect(first.stats.vinaRuns).toBe(4);
  });

  it("runs again entirely from the cache: no Open Babel or Vina process is started", async () => {
    const before = await calls();
    const second = await dockLibrary(receptor, library, box, {
      exhaustiveness: 1,
      seed: 42,
      workers: 2,
      cacheDir,
      tools,
    });
    expect((await calls()).length).toBe(before.length);
    expect(second.results.map((r) => [r.id, r.score, r.posePath, r.cached])).toEqual(
      first.results.map((r) => [r.id, r.score, r.posePath, true]),
    );
    expect(second.failures.map((f) => [f.id, f.stage, f.cached])).toEqual([
      ["broken", "smiles", false], // not a cache entry: RDKit refuses it before any key exists
      ["trans-housane", "preparation", true],
      ["bortezomib", "docking", true],
    ]);
    expect(second.stats).toMatchObject({ vinaRuns: 0, preparationRuns: 0, cached: 5 });
  });

  const small = () => library.filter((l) => l.id === "aspirin" || l.id === "paracetamol");

  it("gives the same score and pose for the same seed from an empty cache: embedding and docking are seeded", async () => {
    const original = first.results.find((r) => r.id === "paracetamol");
    if (!original) throw new Error("paracetamol should have docked");
    const before = await calls();
    const ligand = library.filter((l) => l.id === "paracetamol");
    const fresh = path.join(dir, "fresh-cache");
    const again = await dockLibrary(receptor, ligand, box, {
      exhaustiveness: 1,
      seed: 42,
      cacheDir: fresh,
      tools,
    });
    const after = await calls();
    // nothing came from a cache: obabel -p, the RDKit embedding, obabel -opdbqt, then Vina
    expect(preparations(after) - preparations(before)).toBe(3);
    expect(dockings(after) - dockings(before)).toBe(1);
    const [result] = again.results;
    expect(result?.cached).toBe(false);
    expect(result?.score).toBe(original.score);
    expect(result?.modes).toEqual(original.modes);
    expect(await readFile(result?.posePath ?? "", "utf8")).toBe(await readFile(original.posePath, "utf8"));
  });

  it("prepares with Open Babel's --gen3d on request, and refuses the stretched bonds it leaves in a 30-ring", async () => {
    const versions = await checkDockingTools(tools);
    // --gen3d sometimes runs for minutes on a small molecule (its random builder): up to 3 tries of 20 s
    const prepare = async (smiles: string) => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const workDir = await mkdtemp(path.join(dir, "gen3d-"));
        const outcome = await prepareLigand(smiles, {
          cacheDir: path.join(dir, "gen3d-cache"),
          embedder: "obabel",
          versions: { obabel: versions.obabel },
          tools,
          workDir,
          deadline: Date.now() + 20_000,
        });
        if (outcome.ok || !outcome.transient) return outcome;
      }
      throw new Error(`obabel --gen3d timed out 3 times on ${smiles}`);
    };
    const ethanol = await prepare("CCO");
    if (!ethanol.ok) throw new Error(ethanol.reason);
    expect(ethanol.commands).toContain("obabel -:CCO --gen3d -osdf -O ligand.sdf");
    expect(checkLigandPdbqt(await readFile(ethanol.pdbqtPath, "utf8"))).toBeUndefined();
    // cyclotriacontane: the builder leaves C-C bonds of 2-3 Å (in each of 12 runs here; its builder draws random vectors)
    const ring = await prepare(`C1${"C".repeat(28)}C1`);
    expect(ring.ok).toBe(false);
    if (!ring.ok)
      expect(ring.reason).toMatch(
        /Open Babel could not embed the molecule in 3D: \d+ of 90 bonds have impossible lengths/,
      );
  }, 150_000);

  it("ignores a truncated result file and a damaged pose, and docks those ligands again", async () => {
    const options = { exhaustiveness: 1, seed: 42, workers: 2, cacheDir, tools };
    const [aspirin, paracetamol] = first.results.slice(1);
    if (!aspirin || !paracetamol) throw new Error("both ligands should have docked");
    const record = aspirin.posePath.replace(/\.pdbqt$/, ".json");
    const text = await readFile(record, "utf8");
    await writeFile(record, text.slice(0, Math.floor(text.length / 2))); // as if the disk filled mid-write
    await writeFile(paracetamol.posePath, "MODEL 1\nREMARK VINA RESULT:    -99.000\n"); // not the pose on record
    const before = await calls();
    const repaired = await dockLibrary(receptor, small(), box, options);
    expect(dockings(await calls()) - dockings(before)).toBe(2);
    expect(repaired.results.map((r) => [r.id, r.score, r.cached])).toEqual([
      ["aspirin", aspirin.score, false],
      ["paracetamol", paracetamol.score, false],
    ]);
    expect(await readFile(paracetamol.posePath, "utf8")).toContain("ENDMDL");
    // and the repaired entries are good cache entries again
    const third = await dockLibrary(receptor, small(), box, options);
    expect(third.results.every((r) => r.cached)).toBe(true);
  });

  it("stops a ligand at its timeout, reports it and caches nothing for it", async () => {
    const entries = async () => (await readdir(path.join(cacheDir, "docking"), { recursive: true })).length;
    const before = await entries();
    const run = await dockLibrary(receptor, small().slice(0, 1), box, {
      exhaustiveness: 1,
      seed: 7, // a new cache key; the prepared ligand is cached, so the clock runs out inside Vina
      cacheDir,
      tools,
      timeoutMs: 100,
    });
    expect(run.results).toEqual([]);
    expect(run.failures).toMatchObject([{ id: "aspirin", stage: "timeout", cached: false }]);
    expect(run.failures[0]?.reason).toMatch(/timed out after 100 ms/);
    expect(await entries()).toBe(before);
    expect(await readdir(path.join(cacheDir, "work"))).toEqual([]); // its work folder is gone too
  });

  it("stops when its signal is aborted: Vina is killed and nothing is cached for the ligands in flight", async () => {
    const entries = async () => (await readdir(path.join(cacheDir, "docking"), { recursive: true })).length;
    const before = await entries();
    const controller = new AbortController();
    const t0 = performance.now();
    const running = dockLibrary(receptor, small(), box, {
      exhaustiveness: 32, // long enough that Vina is still searching when the signal comes
      seed: 13,
      cacheDir,
      tools,
      workers: 1,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 1500);
    await expect(running).rejects.toBeInstanceOf(DockingAbortedError);
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(await entries()).toBe(before);
    expect(await readdir(path.join(cacheDir, "work"))).toEqual([]);
  });

  it("resumes after the run is killed: the finished ligand is kept, only the one in flight is redone", async () => {
    // a separate process docks two ligands one at a time; it is killed (with its Vina) during the second
    const script = path.join(dir, "killed-run.mts");
    const here = path.dirname(fileURLToPath(import.meta.url));
    await writeFile(
      script,
      `import { dockLibrary } from ${JSON.stringify(path.join(here, "dock.ts"))};\n` +
        `const [receptor, ligands, box, options] = JSON.parse(process.argv[2]);\n` +
        `await dockLibrary(receptor, ligands, box, { ...options, onProgress: (p) => console.log("done " + p.id) });\n`,
    );
    const options = { exhaustiveness: 1, seed: 99, workers: 1, cacheDir, tools };
    const child = spawn(
      process.execPath,
      ["--import", "tsx", script, JSON.stringify([receptor, small(), box, options])],
      {
        cwd: repoRoot,
        detached: true, // its own process group, so that its Vina dies with it
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const lines: string[] = [];
    child.stdout.on("data", (chunk: Buffer) =>
      lines.push(
        ...chunk
          .toString()
          .split("\n")
          .filter((l) => l !== ""),
      ),
    );
    let exitCode: number | null | undefined;
    const exited = new Promise((resolve) =>
      child.on("exit", (code) => {
        exitCode = code;
        resolve(code);
      }),
    );
    // kill once the first ligand is reported and Vina is docking the second (seen in the wrappers' log)
    const started = dockings(await calls());
    const give = Date.now() + 25_000;
    try {
      while (!(lines.length > 0 && dockings(await calls()) === started + 2)) {
        if (exitCode !== undefined)
          throw new Error(`the run ended (exit ${exitCode}) before it was killed: ${stderr}`);
        if (Date.now() > give) throw new Error(`the run did not reach its second ligand in 25 s: ${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      if (child.pid && exitCode === undefined) process.kill(-child.pid, "SIGKILL");
    }
    await exited;
    expect(lines).toEqual(["done aspirin"]);
    // the killed run's work folder is still there, until the next run sweeps it
    expect((await readdir(path.join(cacheDir, "work"))).length).toBe(1);

    const before = await calls();
    const resumed = await dockLibrary(receptor, small(), box, options);
    expect(resumed.results.map((r) => [r.id, r.cached])).toEqual([
      ["aspirin", true],
      ["paracetamol", false],
    ]);
    expect(dockings(await calls()) - dockings(before)).toBe(1);
    expect(await readdir(path.join(cacheDir, "work"))).toEqual([]);
  }, 60_000);

  it("names the Debian package to install when a program is missing", async () => {
    const vinaMissing = dockLibrary(receptor, library, box, {
      cacheDir,
      tools: { ...tools, vina: "/nonexistent/vina" },
    });
    await expect(vinaMissing).rejects.toBeInstanceOf(DockingToolMissingError);
    await expect(vinaMissing).rejects.toThrow(/install the Debian package autodock-vina/);
    await expect(
      prepareReceptor(mproPdb, { tools: { obabel: "/nonexistent/obabel" } }, cacheDir),
    ).rejects.toThrow(/install the Debian package openbabel/);
  });
});
