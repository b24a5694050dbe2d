/**
 * Medicines: one per canonical ingredient key (a combination is its own medicine), with its first
 * approval in the US, the EU and Japan, the lag of Japan behind the first of the US and the EU, and
 * what else is known about it.
 *
 * Only new active ingredients count as first approvals: every FDA row (the list holds NMEs and new
 * biologics only); EMA rows that are authorised or withdrawn, not generic and not biosimilar (the
 * earliest wins, so later duplicates and informed-consent copies never count); PMDA rows whose
 * indication marks a new active ingredient. Other PMDA rows (partial changes, new formulations) are the
 * medicine's `jpIndications`, and they prove that the ingredient is approved in Japan.
 */
import { ATC_LEVEL1, atcLevel1, type LocalText, UNCLASSIFIED, UNCLASSIFIED_TEXT } from "./atc.ts";
import { monthsBetween } from "./dates.ts";
import {
  type ApprovalLoads,
  type IngredientMatch,
  type MatchHow,
  matchIngredients,
  type Region,
} from "./ingredients/match.ts";
import type { EmaRecord } from "./sources/ema.ts";
import type { SourceId } from "./sources/faults.ts";
import type { FdaRecord } from "./sources/fda.ts";
import { type PmdaChange, type PmdaRecord, pmdaCoverage } from "./sources/pmda.ts";

/**
 * Japanese status. "in-development-jp" is only given when pipeline data (names in development in
 * Japan) is supplied; without it a medicine is approved or not.
 */
export type JpStatus = "approved-jp" | "not-approved-jp" | "in-development-jp";

export interface FirstApproval {
  date: string;
  source: SourceId;
  row: number;
  /** the ingredient as the source writes it */
  name: string;
  brand: string;
  sponsor: string;
  orphan: boolean;
}

export interface UsApproval extends FirstApproval {
  priorityReview: boolean;
  accelerated: boolean;
  breakthrough: boolean;
}

export interface EuApproval extends FirstApproval {
  conditional: boolean;
  accelerated: boolean;
  status: string;
}

export interface JpApproval extends FirstApproval {
  reviewCategory: string;
}

export interface JpIndication {
  row: number;
  date: string | null;
  changes: PmdaChange[];
  newActiveIngredient: boolean;
  text: string;
}

export interface TherapeuticArea {
  /** ATC level-1 letter, or "unclassified" */
  code: string;
  label: LocalText;
  atcCode: string | null;
  /** the EMA's therapeutic area text (MeSH terms), when the EMA lists the medicine */
  emaArea: string | null;
}

export interface Medicine {
  /** the canonical key; stable across runs of the same data */
  id: string;
  components: string[];
  /** readable canonical name ("sacubitril + valsartan") */
  name: string;
  combination: boolean;
  us: UsApproval | null;
  eu: EuApproval | null;
  jp: JpApproval | null;
  /** the earlier of the US and EU first approvals */
  firstUsEu: { region: "us" | "eu"; date: string } | null;
  /** Japan's first approval minus the first US/EU one, in months of 30.4375 days; negative if Japan was first */
  lagMonths: number | null;
  jpStatus: JpStatus;
  /**
   * Approved in Japan, but not first as a new active ingredient within the PMDA list (the list shows
   * only later changes, or a new form after other rows): the JP first approval date is unknown.
   */
  jpApprovedOutsideList: boolean;
  /** the JP name as PMDA writes it (the new-active-ingredient row, else the first JP row) */
  jpName: string | null;
  orphan: { us: boolean; eu: boolean; jp: boolean };
  therapeuticArea: TherapeuticArea;
  brands: Record<Region, string[]>;
  sponsors: Record<Region, string[]>;
  jpIndications: JpIndication[];
  /** how each region's names reached this key (only regions matched other than exactly) */
  matchedBy: Partial<Record<Region, Exclude<MatchHow, "exact">>>;
  rows: { source: SourceId; row: number }[];
}

export interface BuildOptions {
  match?: IngredientMatch;
  /** ingredient names in development in Japan (e.g. from the pipeline package) */
  pipelineJp?: readonly string[];
}

export interface MedicineBuild {
  medicines: Medicine[];
  match: IngredientMatch;
  /** the PMDA list's first and last approval dates (JP data before or after them is unknown) */
  jpCoverage: { first: string; last: string } | null;
  report: {
    /** medicines with no ATC code from the EMA: therapeutic area "unclassified" */
    unclassified: string[];
    /** approved in Japan, first approval date outside the list */
    jpApprovedOutsideList: string[];
  };
}

interface Collected {
  fda: FdaRecord[];
  ema: EmaRecord[];
  pmda: { record: PmdaRecord; product: string }[];
  how: Partial<Record<Region, Exclude<MatchHow, "exact">>>;
}

function earliestBy<T>(items: readonly T[], date: (t: T) => string | null): T | undefined {
  let best: T | undefined;
  let bestDate: string | undefined;
  for (const item of items) {
    const d = date(item);
    if (d && (bestDate === undefined || d < bestDate)) {
      best = item;
      bestDate = d;
    }
  }
  return best;
}

const unique = (values: readonly string[]) => [...new Set(values.filter((v) => v.trim()))];

export function buildMedicines(loads: ApprovalLoads, options: BuildOptions = {}): MedicineBuild {
  const match = options.match ?? matchIngredients(loads);
  const byKey = new Map<string, Collected>();
  const collect = (name: string, region: Region) => {
    const r = match.resolve(name);
    if (!r.key) return undefined;
    const c = byKey.get(r.key) ?? { fda: [], ema: [], pmda: [], how: {} };
    if (r.how !== "exact") c.how[region] = r.how;
    byKey.set(r.key, c);
    return c;
  };
  for (const r of loads.fda?.rows ?? []) collect(r.ingredient, "us")?.fda.push(r);
  for (const r of loads.ema?.rows ?? []) collect(r.ingredient, "eu")?.ema.push(r);
  for (const r of loads.pmda?.rows ?? [])
    for (const product of r.ingredients) collect(product, "jp")?.pmda.push({ record: r, product });

  const pipeline = new Set((options.pipelineJp ?? []).map((n) => match.resolve(n).key).filter(Boolean));
  const medicines: Medicine[] = [];
  for (const [key, c] of byKey) {
    const usRow = earliestBy(c.fda, (r) => r.approvalDate);
    const euCandidates = c.ema.filter((r) => r.approval && !r.generic && !r.biosimilar);
    const euRow = earliestBy(euCandidates, (r) => r.authorisationDate);
    const jpNai = earliestBy(
      c.pmda.filter((p) => p.record.newActiveIngredient),
      (p) => p.record.approvalDate,
    );
    if (!usRow && !euRow && !jpNai) continue;
    // a readable name from a row whose own spelling gives this key (not one matched by a fuzzy step)
    const names = [
      usRow?.ingredient,
      euRow?.ingredient,
      jpNai?.product,
      ...c.fda.map((r) => r.ingredient),
      ...c.ema.map((r) => r.ingredient),
      ...c.pmda.map((p) => p.product),
    ];
    const own = names.map((n) => (n ? match.resolve(n).normalised : undefined)).find((n) => n?.key === key);

    const us: UsApproval | null = usRow
      ? {
          date: usRow.approvalDate,
          source: "fda",
          row: usRow.row,
          name: usRow.ingredient,
          brand: usRow.brand,
          sponsor: usRow.applicant,
          orphan: usRow.orphan,
          priorityReview: usRow.priorityReview,
          accelerated: usRow.accelerated,
          breakthrough: usRow.breakthrough,
        }
      : null;
    const eu: EuApproval | null = euRow?.authorisationDate
      ? {
          date: euRow.authorisationDate,
          source: "ema",
          row: euRow.row,
          name: euRow.ingredient,
          brand: euRow.medicineName,
          sponsor: euRow.holder,
          orphan: euRow.orphan,
          conditional: euRow.conditional,
          accelerated: euRow.accelerated,
          status: euRow.statusText,
        }
      : null;

    // Japan: a non-new-ingredient row dated before the first new-ingredient row (or no such row at all)
    // means the ingredient was in Japan before; the new-ingredient row is then a new salt or form.
    const firstJpAny = earliestBy(c.pmda, (p) => p.record.approvalDate);
    const jpOutside =
      c.pmda.length > 0 &&
      (!jpNai ||
        c.pmda.some(
          (p) =>
            !p.record.newActiveIngredient &&
            p.record.approvalDate !== null &&
            jpNai.record.approvalDate !== null &&
            p.record.approvalDate < jpNai.record.approvalDate,
        ));
    const jp: JpApproval | null =
      jpNai?.record.approvalDate && !jpOutside
        ? {
            date: jpNai.record.approvalDate,
            source: "pmda",
            row: jpNai.record.row,
            name: jpNai.record.ingredient,
            brand: jpNai.record.brands[0] ?? "",
            sponsor: jpNai.record.applicants.join("; "),
            orphan: jpNai.record.orphan,
            reviewCategory: jpNai.record.reviewCategory,
          }
        : null;

    const firstUsEu =
      us && (!eu || us.date <= eu.date)
        ? { region: "us" as const, date: us.date }
        : eu
          ? { region: "eu" as const, date: eu.date }
          : null;
    const approvedJp = c.pmda.length > 0;
    const jpStatus: JpStatus = approvedJp
      ? "approved-jp"
      : pipeline.has(key)
        ? "in-development-jp"
        : "not-approved-jp";

    // the ATC code: from the first-approval EMA row, else any EMA row of the ingredient (generics share it)
    const atcRow = [euRow, ...c.ema].find((r) => r?.atcCode) ?? null;
    const area = atcLevel1(atcRow?.atcCode);
    const therapeuticArea: TherapeuticArea = {
      code: area ?? UNCLASSIFIED,
      label: area ? (ATC_LEVEL1[area] ?? UNCLASSIFIED_TEXT) : UNCLASSIFIED_TEXT,
      atcCode: atcRow?.atcCode || null,
      emaArea: (euRow ?? c.ema[0])?.therapeuticArea || null,
    };

    const jpIndications: JpIndication[] = c.pmda
      .filter((p) => p !== jpNai || jpOutside)
      .map((p) => ({
        row: p.record.row,
        date: p.record.approvalDate,
        changes: p.record.changes,
        newActiveIngredient: p.record.newActiveIngredient,
        text: p.record.indication,
      }))
      .sort((a, b) => (a.date ?? "9999").localeCompare(b.date ?? "9999") || a.row - b.row);

    medicines.push({
      id: key,
      components: key.split("+"),
      name: own ? own.names.join(" + ") : key.split("+").join(" + "),
      combination: key.includes("+"),
      us,
      eu,
      jp,
      firstUsEu,
      lagMonths: jp && firstUsEu ? monthsBetween(firstUsEu.date, jp.date) : null,
      jpStatus,
      jpApprovedOutsideList: jpOutside,
      jpName: (jpNai ?? firstJpAny ?? c.pmda[0])?.record.ingredient ?? null,
      orphan: {
        us: c.fda.some((r) => r.orphan),
        eu: euCandidates.some((r) => r.orphan),
        jp: c.pmda.some((p) => p.record.orphan),
      },
      therapeuticArea,
      brands: {
        us: unique(c.fda.map((r) => r.brand)),
        eu: unique(euCandidates.map((r) => r.medicineName)),
        jp: unique(c.pmda.flatMap((p) => p.record.brands)),
      },
      sponsors: {
        us: unique(c.fda.map((r) => r.applicant)),
        eu: unique(euCandidates.map((r) => r.holder)),
        jp: unique(c.pmda.flatMap((p) => p.record.applicants)),
      },
      jpIndications,
      matchedBy: c.how,
      rows: [
        ...c.fda.map((r) => ({ source: "fda" as const, row: r.row })),
        ...c.ema.map((r) => ({ source: "ema" as const, row: r.row })),
        ...c.pmda.map((p) => ({ source: "pmda" as const, row: p.record.row })),
      ],
    });
  }
  medicines.sort((a, b) => a.id.localeCompare(b.id));
  return {
    medicines,
    match,
    jpCoverage: loads.pmda ? (pmdaCoverage(loads.pmda) ?? null) : null,
    report: {
      unclassified: medicines.filter((m) => m.therapeuticArea.code === UNCLASSIFIED).map((m) => m.id),
      jpApprovedOutsideList: medicines.filter((m) => m.jpApprovedOutsideList).map((m) => m.id),
    },
  };
}
