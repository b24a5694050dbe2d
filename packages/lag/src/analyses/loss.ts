/** Drug loss: the share of new active ingredients first approved in the US or EU and not in Japan. */
import { yearOf } from "../dates.ts";
import type { Medicine } from "../medicines.ts";
import { DEFINITIONS, type Definition } from "./definitions.ts";

export interface LossGroup {
  group: string;
  /** new active ingredients first approved in the US or the EU in the group */
  n: number;
  notApproved: number;
  /** notApproved / n (null when n = 0) */
  share: number | null;
  /** of notApproved, in development in Japan (only with pipeline data) */
  inDevelopment: number;
  ids: string[];
  notApprovedIds: string[];
}

export interface LossFigure {
  definition: Definition;
  cutoff: string;
  from: number;
  to: number;
  groups: LossGroup[];
  overall: LossGroup;
}

export interface LossOptions {
  /** ISO date: Japanese approvals after it do not count (default: the latest PMDA date) */
  cutoff?: string;
  /** first and last year of first US/EU approval (default: the PMDA list's first year, the cut-off's year) */
  from?: number;
  to?: number;
  /** the PMDA list's coverage, for the defaults */
  jpCoverage?: { first: string; last: string } | null;
}

/** Not approved in Japan by the cut-off: no Japanese row at all, or a first JP approval after it. */
export function notApprovedInJapan(m: Medicine, cutoff: string): boolean {
  if (m.jpStatus !== "approved-jp") return true;
  return m.jp !== null && m.jp.date > cutoff;
}

export function lossGroup(name: string, members: readonly Medicine[], cutoff: string): LossGroup {
  const lost = members.filter((m) => notApprovedInJapan(m, cutoff));
  return {
    group: name,
    n: members.length,
    notApproved: lost.length,
    share: members.length > 0 ? lost.length / members.length : null,
    inDevelopment: lost.filter((m) => m.jpStatus === "in-development-jp").length,
    ids: members.map((m) => m.id),
    notApprovedIds: lost.map((m) => m.id),
  };
}

/** The cohort: first approved in the US or EU in [from, to] and on or before the cut-off. */
export function lossCohort(medicines: readonly Medicine[], options: LossOptions = {}) {
  const cutoff = options.cutoff ?? options.jpCoverage?.last;
  if (!cutoff) throw new Error("drug-loss share needs a cut-off date or the PMDA list's coverage");
  const from = options.from ?? (options.jpCoverage ? yearOf(options.jpCoverage.first) : 0);
  const to = options.to ?? yearOf(cutoff);
  const members = medicines.filter((m) => {
    if (!m.firstUsEu || m.firstUsEu.date > cutoff) return false;
    const y = yearOf(m.firstUsEu.date);
    return y >= from && y <= to;
  });
  return { cutoff, from, to, members };
}

export function lossShareByYear(medicines: readonly Medicine[], options: LossOptions = {}): LossFigure {
  const { cutoff, from, to, members } = lossCohort(medicines, options);
  const groups: LossGroup[] = [];
  for (let y = from; y <= to; y++)
    groups.push(
      lossGroup(
        String(y),
        members.filter((m) => yearOf(m.firstUsEu?.date ?? "") === y),
        cutoff,
      ),
    );
  return {
    definition: DEFINITIONS.lossShare,
    cutoff,
    from,
    to,
    groups: from === 0 ? groups.filter((g) => g.n > 0) : groups,
    overall: lossGroup("all", members, cutoff),
  };
}
