import type { IpOffice, IpStatus } from "./vocabulary.ts";

export interface IpApplicationInput {
  id: string;
  office: IpOffice;
  status: IpStatus;
  filedOn: string | null;
  number?: string | null;
}

export interface IpFamilyInput {
  id: string;
  title: string;
  priorityDate: string;
  applications: IpApplicationInput[];
}

export type DeadlineKind =
  /** Paris Convention priority year, also the PCT filing deadline */
  "foreign_filing" | "national_phase" | "publication";

export interface IpDeadline {
  familyId: string;
  kind: DeadlineKind;
  /** The office the deadline is at (national phase only). */
  office: IpOffice | null;
  dueDate: string;
  /** dueDate − today in days; negative once the date has passed. */
  daysLeft: number;
  met: boolean;
  warning: "overdue" | "due_30" | "due_90" | null;
  /** unmet and passed more than LAPSE_AFTER_DAYS ago: the chance has gone, nothing left to warn about */
  lapsed: boolean;
  labelJa: string;
  labelEn: string;
}

export interface DisclosureFlag {
  code: "published_before_priority" | "published_without_filing";
  ja: string;
  en: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parseIsoDate(date: string): { y: number; m: number; d: number } {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${date}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw new RangeError(`no such date: ${date}`);
  return { y, m, d };
}

function daysInMonth(y: number, m: number): number {
  // day 0 of the next month is the last day of this one
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * The date `months` calendar months after `date`, on the same day of the month, or on the last day of the
 * target month when it is shorter (PCT Rules 80.2 and 80.5: 2023-08-31 + 30 months = 2026-02-28).
 * Holidays and office closures are ignored on purpose: the rules that move a deadline to the next working
 * day differ by office, and an alert that comes a day early is harmless where one that comes late is not.
 */
export function addMonths(date: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer: ${months}`);
  const { y, m, d } = parseIsoDate(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier), counted on the calendar, never in local time. */
export function daysBetween(from: string, to: string): number {
  const a = parseIsoDate(from);
  const b = parseIsoDate(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / DAY_MS);
}

const ON_FILE: ReadonlySet<IpStatus> = new Set<IpStatus>(["filed", "published", "granted"]);

/**
 * An application counts as filed only by its status: a "planned" one may carry its intended filing date,
 * and treating a plan as a filing would silence the warning for a deadline that is still open.
 * Abandoned and refused applications never count.
 */
const isOnFile = (a: IpApplicationInput) => ON_FILE.has(a.status);

const OFFICE_JA: Record<IpOffice, string> = {
  JP: "日本",
  PCT: "PCT",
  US: "米国",
  EP: "欧州（EPO）",
  CN: "中国",
  KR: "韓国",
  OTHER: "その他",
};
const OFFICE_EN: Record<IpOffice, string> = {
  JP: "Japan",
  PCT: "PCT",
  US: "United States",
  EP: "Europe (EPO)",
  CN: "China",
  KR: "Korea",
  OTHER: "other office",
};

/** Months from priority to national-phase entry (PCT Art. 22/39 give 30; the EPO and KIPO allow 31). */
const NATIONAL_PHASE_MONTHS: ReadonlyArray<readonly [IpOffice, number]> = [
  ["JP", 30],
  ["US", 30],
  ["EP", 31],
  ["CN", 30],
  ["KR", 31],
];

/**
 * The application whose filing founded the priority date. Academic seeds are nearly always first filed at
 * the JPO, so when no application carries the priority date the first filing is assumed to be Japanese.
 */
function priorityApplication(family: IpFamilyInput): IpApplicationInput | undefined {
  const onPriorityDate = family.applications.filter((a) => a.filedOn === family.priorityDate);
  return onPriorityDate.find((a) => a.office !== "PCT") ?? onPriorityDate[0];
}

/**
 * How long an unmet deadline stays "overdue". The remedies for a missed PCT or national-phase deadline
 * (restoration, late entry with due care) run about two months; after that the right in that office is
 * lost, and a docket that kept warning about it for years would bury the deadlines still open.
 */
export const LAPSE_AFTER_DAYS = 60;

const isLapsed = (daysLeft: number, met: boolean) => !met && daysLeft < -LAPSE_AFTER_DAYS;

function warningFor(daysLeft: number, met: boolean): IpDeadline["warning"] {
  if (met || isLapsed(daysLeft, met)) return null;
  if (daysLeft < 0) return "overdue";
  if (daysLeft <= 30) return "due_30";
  if (daysLeft <= 90) return "due_90";
  return null;
}

/** The foreign-filing, publication and (when there is a PCT application) national-phase deadlines of a family, by due date. */
export function ipDeadlines(family: IpFamilyInput, today: string): IpDeadline[] {
  const make = (
    kind: DeadlineKind,
    office: IpOffice | null,
    dueDate: string,
    met: boolean,
    labelJa: string,
    labelEn: string,
  ): IpDeadline => {
    const daysLeft = daysBetween(today, dueDate);
    return {
      familyId: family.id,
      kind,
      office,
      dueDate,
      daysLeft,
      met,
      warning: warningFor(daysLeft, met),
      lapsed: isLapsed(daysLeft, met),
      labelJa,
      labelEn,
    };
  };

  const basic = priorityApplication(family);
  const priorityOffice = basic?.office ?? "JP";
  const out: IpDeadline[] = [];

  const foreignDue = addMonths(family.priorityDate, 12);
  // a filing after the priority year no longer claims priority, so it does not meet the deadline
  const foreignMet = family.applications.some(
    (a) =>
      a !== basic &&
      isOnFile(a) &&
      (a.office === "PCT" || a.office !== priorityOffice) &&
      (a.filedOn === null || a.filedOn <= foreignDue),
  );
  out.push(
    make(
      "foreign_filing",
      null,
      foreignDue,
      foreignMet,
      "PCT・外国出願期限（優先日から12か月）",
      "PCT / foreign filing deadline (12 months from priority)",
    ),
  );

  const publicationDue = addMonths(family.priorityDate, 18);
  // nothing has to be done for publication; it marks when the invention becomes public prior art
  const publicationMet =
    today >= publicationDue ||
    family.applications.some((a) => a.status === "published" || a.status === "granted");
  out.push(
    make(
      "publication",
      null,
      publicationDue,
      publicationMet,
      "出願公開（優先日から18か月）",
      "Publication of the application (18 months from priority)",
    ),
  );

  // a withdrawn or refused international application leaves no national phase to enter
  const hasPct = family.applications.some(
    (a) => a.office === "PCT" && a.status !== "abandoned" && a.status !== "refused",
  );
  if (hasPct) {
    for (const [office, months] of NATIONAL_PHASE_MONTHS) {
      // the basic application that founded priority is not a national-phase entry, even in the same office
      const met = family.applications.some((a) => a.office === office && a !== basic && isOnFile(a));
      out.push(
        make(
          "national_phase",
          office,
          addMonths(family.priorityDate, months),
          met,
          `国内移行期限：${OFFICE_JA[office]}（優先日から${months}か月）`,
          `National-phase entry deadline: ${OFFICE_EN[office]} (${months} months from priority)`,
        ),
      );
    }
  }

  return out.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
}

/** Open deadlines that need attention (overdue, or due within 90 days) across families, soonest first. */
export function upcomingIpWarnings(families: IpFamilyInput[], today: string): IpDeadline[] {
  return families
    .flatMap((f) => ipDeadlines(f, today))
    .filter((d) => !d.met && d.warning !== null)
    .sort((a, b) => a.daysLeft - b.daysLeft);
}

/**
 * Whether making the seed public may have cost it novelty. Japan's exception to lack of novelty
 * (Patent Act Art. 30) covers the inventor's own disclosure only if the application is filed within one year
 * of it and the exception is claimed formally; most other offices (the EPO in particular) have no such grace.
 */
export function disclosureRisk(publicSince: string | null, families: IpFamilyInput[]): DisclosureFlag | null {
  if (publicSince === null) return null;
  const graceEnds = addMonths(publicSince, 12);
  if (families.length === 0) {
    return {
      code: "published_without_filing",
      ja:
        `${publicSince} から公開されていますが、特許出願が登録されていません。公開により新規性を失うおそれがあります。` +
        `特許法第30条の新規性喪失の例外を受けるには、${graceEnds} までに出願し、出願と同時に例外の適用を主張し、` +
        "出願から30日以内に証明書面を提出する必要があります。欧州など多くの国ではこの例外が使えません。",
      en:
        `Public since ${publicSince}, but no patent application is recorded, so novelty may be lost. ` +
        `Japan's grace period (Patent Act Art. 30) requires filing by ${graceEnds}, claiming the exception when filing ` +
        "and submitting proof within 30 days of filing; most other offices, the EPO among them, offer no such grace.",
    };
  }
  // ISO dates sort as strings
  const earliestPriority = families.map((f) => f.priorityDate).sort()[0];
  if (earliestPriority !== undefined && publicSince < earliestPriority) {
    return {
      code: "published_before_priority",
      ja:
        `公開日（${publicSince}）が最も早い優先日（${earliestPriority}）より前で、新規性を失っているおそれがあります。` +
        `日本では特許法第30条の新規性喪失の例外（公開から1年以内、${graceEnds} までの出願と、出願時の適用の主張・証明書面の提出が必要）を` +
        "受けられるか確認してください。欧州など多くの国ではこの例外が使えません。",
      en:
        `Made public on ${publicSince}, before the earliest priority date (${earliestPriority}): novelty may be lost. ` +
        `Check whether Japan's grace period under Patent Act Art. 30 applies (filing within one year, by ${graceEnds}, ` +
        "with a formal claim and proof); most other offices, the EPO among them, offer no such grace.",
    };
  }
  return null;
}
