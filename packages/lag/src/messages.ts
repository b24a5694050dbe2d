/**
 * Problem texts of the drug-lag library, in ja and en, in the shape of @kakehashi/core's catalogue
 * (title / detail / fix). They live here rather than in core so this package can be added without
 * editing core; a server that shows them can render `LagError.text(locale)`.
 */
import type { Locale } from "@kakehashi/core";

type Params = Record<string, string | number>;
type Text = string | ((p: Params) => string);

const catalogue = {
  "source-column-missing": {
    ja: {
      title: "承認品目ファイルの形式が違います",
      detail: (p) =>
        `${p.file} に列「${p.column}」がありません。${p.publisher} の「${p.expected}」ではないようです。`,
      fix: (p) =>
        `${p.publisher} が公開している元の形式のファイル（${p.expected}）を使ってください。列名を変えたり表を編集したりしないでください。`,
    },
    en: {
      title: "The approvals file has an unknown format",
      detail: (p) =>
        `${p.file} has no column "${p.column}": it does not look like ${p.publisher}'s "${p.expected}".`,
      fix: (p) =>
        `Use the file as ${p.publisher} publishes it (${p.expected}), without renaming columns or editing the table.`,
    },
  },
  "source-unreadable": {
    ja: {
      title: "承認品目ファイルを読めません",
      detail: (p) => `${p.file} を読み取れません: ${p.reason}`,
      fix: (p) => `ファイルが壊れていないか、${p.expected} であるかを確かめてください。`,
    },
    en: {
      title: "The approvals file cannot be read",
      detail: (p) => `${p.file} cannot be read: ${p.reason}`,
      fix: (p) => `Check that the file is complete and is ${p.expected}.`,
    },
  },
  "fetch-not-configured": {
    ja: {
      title: "取得先のアドレスが設定されていません",
      detail: (p) => `${p.publisher} のファイルの取得先アドレスがありません。`,
      fix: (p) =>
        `${p.page} に掲載されているファイルのアドレスを環境変数 ${p.env} か sources.${p.source} に指定してください。`,
    },
    en: {
      title: "No download address configured",
      detail: (p) => `There is no address to download ${p.publisher}'s file from.`,
      fix: (p) => `Set ${p.env} (or sources.${p.source}) to the file's address listed on ${p.page}.`,
    },
  },
  "fetch-failed": {
    ja: {
      title: "ダウンロードに失敗しました",
      detail: (p) => `${p.url} を取得できませんでした（${p.reason}）。既存の ${p.file} はそのままです。`,
      fix: "アドレスと接続を確かめて、もう一度実行してください。公開元がアドレスを変えた場合は設定を更新してください。",
    },
    en: {
      title: "Download failed",
      detail: (p) => `${p.url} could not be downloaded (${p.reason}). The existing ${p.file} was kept.`,
      fix: "Check the address and the connection, then try again; if the publisher moved the file, update the address.",
    },
  },
  "fetch-wrong-format": {
    ja: {
      title: "ダウンロードしたファイルの形式が違います",
      detail: (p) =>
        `${p.url} から取得した内容は ${p.expected} ではありません: ${p.reason}。既存の ${p.file} はそのままです。`,
      fix: "アドレスがファイルそのもの（一覧ページではなく）を指しているか確かめてください。",
    },
    en: {
      title: "The downloaded file has the wrong format",
      detail: (p) =>
        `What ${p.url} returned is not ${p.expected}: ${p.reason}. The existing ${p.file} was kept.`,
      fix: "Check that the address points at the file itself, not at the page listing it.",
    },
  },
  "fetch-incomplete": {
    ja: {
      title: "一部のファイルを取得できませんでした",
      detail: (p) => `${p.failed} 件の取得に失敗しました: ${p.list}`,
      fix: "各ファイルのメッセージに従って直し、もう一度実行してください。取得できたファイルは更新済みです。",
    },
    en: {
      title: "Some files could not be fetched",
      detail: (p) => `${p.failed} download(s) failed: ${p.list}`,
      fix: "Fix each as its message says and run again; the files that were fetched are already updated.",
    },
  },
} satisfies Record<string, Record<Locale, { title: Text; detail: Text; fix: Text }>>;

export type LagProblemCode = keyof typeof catalogue;
export const LAG_PROBLEM_CODES = Object.keys(catalogue) as LagProblemCode[];

export interface LagProblemText {
  title: string;
  detail: string;
  fix: string;
}

function render(text: Text, params: Params): string {
  return typeof text === "function" ? text(params) : text;
}

export function lagProblemText(code: LagProblemCode, locale: Locale, params: Params = {}): LagProblemText {
  const entry = catalogue[code][locale] as { title: Text; detail: Text; fix: Text };
  return {
    title: render(entry.title, params),
    detail: render(entry.detail, params),
    fix: render(entry.fix, params),
  };
}

/** An error the user can fix (a wrong file, a bad address). `message` is the English detail and fix. */
export class LagError extends Error {
  constructor(
    readonly code: LagProblemCode,
    readonly status: number,
    readonly params: Params = {},
  ) {
    const en = lagProblemText(code, "en", params);
    super(`${en.detail} ${en.fix}`);
    this.name = "LagError";
  }

  text(locale: Locale): LagProblemText {
    return lagProblemText(this.code, locale, this.params);
  }
}
