/**
 * The monitor a server keeps: the approval lists of one folder, loaded once and loaded again when a file
 * there changes (a newer list dropped in, or `kakehashi lag fetch`), with the medicine table and the
 * searches the screens need.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { type ApprovalsLoad, loadApprovals } from "./loadApprovals.ts";
import type { Medicine } from "./medicines.ts";
import { SOURCE_IDS, type SourceId } from "./sources/faults.ts";
import { DEFAULT_FILE_NAMES } from "./sources/fetch.ts";

/** What a list shows of a medicine; the full record is `Medicine`. */
export interface MedicineSummary {
  id: string;
  name: string;
  jpName: string | null;
  combination: boolean;
  firstUsEu: Medicine["firstUsEu"];
  us: RegionSummary | null;
  eu: RegionSummary | null;
  jp: RegionSummary | null;
  lagMonths: number | null;
  jpStatus: Medicine["jpStatus"];
  jpApprovedOutsideList: boolean;
  orphan: Medicine["orphan"];
  therapeuticArea: Medicine["therapeuticArea"];
}
export interface RegionSummary {
  date: string;
  brand: string;
  sponsor: string;
  orphan: boolean;
}

const region = (a: Medicine["us"] | Medicine["eu"] | Medicine["jp"]): RegionSummary | null =>
  a ? { date: a.date, brand: a.brand, sponsor: a.sponsor, orphan: a.orphan } : null;

export function medicineSummary(m: Medicine): MedicineSummary {
  return {
    id: m.id,
    name: m.name,
    jpName: m.jpName,
    combination: m.combination,
    firstUsEu: m.firstUsEu,
    us: region(m.us),
    eu: region(m.eu),
    jp: region(m.jp),
    lagMonths: m.lagMonths,
    jpStatus: m.jpStatus,
    jpApprovedOutsideList: m.jpApprovedOutsideList,
    orphan: m.orphan,
    therapeuticArea: m.therapeuticArea,
  };
}

export interface MedicineQuery {
  /** text in the name, the JP name or a brand name */
  q?: string;
  /** ATC level-1 letter or "unclassified" */
  area?: string;
  status?: Medicine["jpStatus"];
  orphan?: boolean;
  /** year of the first US/EU approval */
  from?: number;
  to?: number;
  /** the medicines behind a figure */
  ids?: readonly string[];
  sort?: "lag" | "-lag" | "name" | "first";
}

const fold = (s: string) => s.normalize("NFKC").toLowerCase();

export function findMedicines(medicines: readonly Medicine[], query: MedicineQuery): Medicine[] {
  const q = query.q?.trim() ? fold(query.q.trim()) : undefined;
  const ids = query.ids ? new Set(query.ids) : undefined;
  const found = medicines.filter((m) => {
    if (ids && !ids.has(m.id)) return false;
    if (query.area && m.therapeuticArea.code !== query.area) return false;
    if (query.status && m.jpStatus !== query.status) return false;
    if (query.orphan !== undefined && (m.orphan.us || m.orphan.eu || m.orphan.jp) !== query.orphan)
      return false;
    const year = m.firstUsEu ? Number(m.firstUsEu.date.slice(0, 4)) : undefined;
    if (query.from !== undefined && (year === undefined || year < query.from)) return false;
    if (query.to !== undefined && (year === undefined || year > query.to)) return false;
    if (q) {
      const haystack = [m.name, m.jpName ?? "", m.id, ...m.brands.us, ...m.brands.eu, ...m.brands.jp];
      if (!haystack.some((h) => fold(h).includes(q))) return false;
    }
    return true;
  });
  const first = (m: Medicine) => m.firstUsEu?.date ?? "";
  const sorters: Record<NonNullable<MedicineQuery["sort"]>, (a: Medicine, b: Medicine) => number> = {
    // medicines without a lag go last either way
    lag: (a, b) => (a.lagMonths ?? Number.POSITIVE_INFINITY) - (b.lagMonths ?? Number.POSITIVE_INFINITY),
    "-lag": (a, b) => (b.lagMonths ?? Number.NEGATIVE_INFINITY) - (a.lagMonths ?? Number.NEGATIVE_INFINITY),
    name: (a, b) => a.name.localeCompare(b.name),
    first: (a, b) => first(b).localeCompare(first(a)) || a.name.localeCompare(b.name),
  };
  return found.sort(sorters[query.sort ?? "first"]);
}

/**
 * The file of each source in a folder: the newest one whose name says which source it is (a newer
 * edition such as fda_…_1985-2025.csv may be dropped in beside the old one), else the default name.
 */
const SOURCE_FILE_PATTERN: Record<SourceId, RegExp> = {
  fda: /^fda.*\.csv$/i,
  pmda: /^pmda.*\.csv$/i,
  ema: /^ema.*\.xlsx$/i,
};

export function sourceFiles(folder: string): Partial<Record<SourceId, string>> {
  const files: Partial<Record<SourceId, string>> = {};
  const names = existsSync(folder) ? readdirSync(folder) : [];
  for (const source of SOURCE_IDS) {
    const candidates = names
      .filter((n) => SOURCE_FILE_PATTERN[source].test(n) && !n.includes(".part"))
      .map((n) => ({ n, mtime: statSync(path.join(folder, n)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime || b.n.localeCompare(a.n));
    const chosen = candidates[0]?.n;
    if (chosen) files[source] = chosen;
  }
  return files;
}

/** Each source file's name, modification time and size: a change means a newer list to load. */
function signature(folder: string, files: Partial<Record<SourceId, string>>): string | null {
  const parts: string[] = [];
  for (const source of SOURCE_IDS) {
    const name = files[source];
    if (!name) return null;
    const s = statSync(path.join(folder, name));
    parts.push(`${name}:${s.mtimeMs}:${s.size}`);
  }
  return parts.join("|");
}

export interface MonitorState {
  load: ApprovalsLoad;
  loadedAt: Date;
  /** per medicine, the lower-case indication texts of the three regions (for an indication search) */
  indicationText: Map<string, string>;
}

export class ApprovalsMonitor {
  private state: MonitorState | null = null;
  private signatureLoaded: string | null = null;
  private loading: Promise<MonitorState | null> | null = null;

  constructor(readonly folder: string) {}

  /** The missing files, by their expected names (empty when the folder is complete). */
  missingFiles(): string[] {
    const found = sourceFiles(this.folder);
    return SOURCE_IDS.filter((s) => !found[s]).map((s) => DEFAULT_FILE_NAMES[s]);
  }

  /** The loaded lists, loading them first or again when a file changed; null when a file is missing. */
  async current(): Promise<MonitorState | null> {
    const files = sourceFiles(this.folder);
    const now = signature(this.folder, files);
    if (now === null) return null;
    if (this.state && now === this.signatureLoaded) return this.state;
    this.loading ??= (async () => {
      try {
        const load = await loadApprovals(this.folder, { files });
        this.state = { load, loadedAt: new Date(), indicationText: indicationTexts(load) };
        this.signatureLoaded = now;
        return this.state;
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}

function indicationTexts(load: ApprovalsLoad): Map<string, string> {
  const fdaByRow = new Map(load.loads.fda.rows.map((r) => [r.row, r.indication]));
  const texts = new Map<string, string>();
  for (const m of load.medicines) {
    const parts = [m.therapeuticArea.emaArea ?? "", ...m.jpIndications.map((i) => i.text)];
    for (const r of m.rows) if (r.source === "fda") parts.push(fdaByRow.get(r.row) ?? "");
    texts.set(m.id, fold(parts.join(" \n ")));
  }
  return texts;
}
