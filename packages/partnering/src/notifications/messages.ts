/**
 * Problem texts of the community areas (desk, consortia, forum), in ja and en, in the shape of
 * @kakehashi/core's catalogue. They live here so the package needs no edit of core: a CommunityError is a
 * KakehashiError (its status and a generic core text work everywhere), and `text(locale)` gives the
 * precise wording for a server that knows it.
 */
import { KakehashiError, type Locale, type ProblemCode } from "@kakehashi/core";

type Params = Record<string, string | number>;
type Text = string | ((p: Params) => string);
type Entry = { title: Text; detail: Text; fix: Text };

const catalogue = {
  "slot-taken": {
    status: 409,
    ja: {
      title: "この Open Hours 枠は予約済みです",
      detail: (p) => `${p.startsAt} からの枠は、ほかの方が先に予約しました。`,
      fix: "空いている別の枠を選んで、もう一度予約してください。",
    },
    en: {
      title: "This Open Hours slot is already booked",
      detail: (p) => `Someone else booked the slot starting ${p.startsAt} first.`,
      fix: "Pick another free slot and book again.",
    },
  },
  "slot-unavailable": {
    status: 409,
    ja: {
      title: "この枠は予約できません",
      detail: (p) =>
        `${p.startsAt} からの枠は${p.reason === "past" ? "既に始まっています" : "取り消されました"}。`,
      fix: "これから始まる枠を選んでください。",
    },
    en: {
      title: "This slot cannot be booked",
      detail: (p) =>
        `The slot starting ${p.startsAt} ${p.reason === "past" ? "has already begun" : "was cancelled"}.`,
      fix: "Pick a slot that has not started yet.",
    },
  },
  "slot-overlap": {
    status: 409,
    ja: {
      title: "枠が重なっています",
      detail: (p) => `${p.startsAt} からの枠は、公開済みの枠（${p.other} から）と重なります。`,
      fix: "重ならない時間を指定してください。",
    },
    en: {
      title: "Slots overlap",
      detail: (p) => `The slot starting ${p.startsAt} overlaps your published slot starting ${p.other}.`,
      fix: "Choose times that do not overlap.",
    },
  },
  "slot-expert-mismatch": {
    status: 409,
    ja: {
      title: "担当外の専門家の枠です",
      detail: "この相談には既に別の専門家が担当として割り当てられています。",
      fix: "担当の専門家の枠を予約するか、事務局に担当の変更を依頼してください。",
    },
    en: {
      title: "The slot belongs to another expert",
      detail: "This case is already assigned to a different expert.",
      fix: "Book a slot of the assigned expert, or ask the desk to reassign the case.",
    },
  },
  "case-closed": {
    status: 409,
    ja: {
      title: "相談は終了しています",
      detail: "終了した相談は変更できません。",
      fix: "新しい相談として申し込んでください。",
    },
    en: {
      title: "The case is closed",
      detail: "A closed consultation case cannot be changed.",
      fix: "Submit a new case instead.",
    },
  },
  "case-not-closed": {
    status: 409,
    ja: {
      title: "相談はまだ終了していません",
      detail: "満足度は相談の終了後に評価できます。",
      fix: "担当の専門家が相談を終了してから評価してください。",
    },
    en: {
      title: "The case is not closed yet",
      detail: "Satisfaction is rated once the case is closed.",
      fix: "Rate it after the expert has closed the case.",
    },
  },
  "case-already-rated": {
    status: 409,
    ja: {
      title: "既に評価済みです",
      detail: "この相談の満足度は既に登録されています。",
      fix: "評価は 1 回だけです。",
    },
    en: {
      title: "Already rated",
      detail: "This case's satisfaction has already been recorded.",
      fix: "A case is rated once.",
    },
  },
  "terms-not-accepted": {
    status: 409,
    ja: {
      title: "データ共有規約に未同意です",
      detail: (p) => `所属組織がデータ共有規約の現行版（第 ${p.version} 版）に同意していません。`,
      fix: "規約を確認し、同意してから登録してください。",
    },
    en: {
      title: "Data-sharing terms not accepted",
      detail: (p) =>
        `Your organisation has not accepted the current data-sharing terms (version ${p.version}).`,
      fix: "Read and accept the terms, then try again.",
    },
  },
  "terms-outdated": {
    status: 409,
    ja: {
      title: "規約の版が古くなっています",
      detail: (p) => `同意しようとした第 ${p.version} 版は現行版（第 ${p.current} 版）ではありません。`,
      fix: "現行版を確認して同意してください。",
    },
    en: {
      title: "Outdated terms version",
      detail: (p) => `Version ${p.version} is not the current version (${p.current}).`,
      fix: "Read the current version and accept that one.",
    },
  },
} satisfies Record<string, { status: number } & Record<Locale, Entry>>;

export type CommunityProblemCode = keyof typeof catalogue;
export const COMMUNITY_PROBLEM_CODES = Object.keys(catalogue) as CommunityProblemCode[];

const render = (text: Text, params: Params) => (typeof text === "function" ? text(params) : text);

export function communityProblemText(code: CommunityProblemCode, locale: Locale, params: Params = {}) {
  const entry = catalogue[code][locale] as Entry;
  return {
    title: render(entry.title, params),
    detail: render(entry.detail, params),
    fix: render(entry.fix, params),
  };
}

/**
 * A refusal the caller can act on. Seen as a plain KakehashiError it is a 409 `conflict` (or 400
 * `bad-request`) with the English detail as its parameter; `text(locale)` is the specific ja/en text.
 */
export class CommunityError extends KakehashiError {
  readonly problem: CommunityProblemCode;
  constructor(problem: CommunityProblemCode, params: Params = {}) {
    const en = communityProblemText(problem, "en", params);
    const status = catalogue[problem].status;
    const core: ProblemCode = status === 409 ? "conflict" : "bad-request";
    super(core, status, { ...params, what: en.title, reason: en.detail });
    this.problem = problem;
    this.message = `${en.detail} ${en.fix}`;
    this.name = "CommunityError";
  }

  text(locale: Locale) {
    return communityProblemText(this.problem, locale, this.params);
  }
}
