import type { Locale } from "./locale.ts";

type Params = Record<string, string | number>;
type Text = string | ((p: Params) => string);

/** Every problem the platform reports, as title / detail / fix in both languages. */
const catalogue = {
  "validation-error": {
    ja: {
      title: "入力内容に誤りがあります",
      detail: (p) => `${p.count} 件の項目を修正してください。`,
      fix: "各項目のメッセージに従って値を直し、もう一度送信してください。",
    },
    en: {
      title: "The request has invalid fields",
      detail: (p) => `Fix ${p.count} field(s) and send the request again.`,
      fix: "Correct each field as its message says and send again.",
    },
  },
  "import-invalid": {
    ja: {
      title: "ファイルに誤りがあります",
      detail: (p) => `${p.file} の ${p.lines} 行に ${p.count} 件の誤りがあります。何も取り込んでいません。`,
      fix: "示された行と列を修正し、ファイル全体をもう一度取り込んでください。",
    },
    en: {
      title: "The file has invalid rows",
      detail: (p) => `${p.file}: ${p.count} error(s) on ${p.lines} line(s). Nothing was imported.`,
      fix: "Correct the lines and columns listed, then import the whole file again.",
    },
  },
  "malformed-body": {
    ja: {
      title: "リクエスト本文を読み取れません",
      detail: (p) => `本文が正しい JSON ではありません: ${p.reason}`,
      fix: "Content-Type: application/json で、正しい JSON を送ってください。",
    },
    en: {
      title: "The request body cannot be read",
      detail: (p) => `The body is not valid JSON: ${p.reason}`,
      fix: "Send valid JSON with Content-Type: application/json.",
    },
  },
  "unsupported-media-type": {
    ja: {
      title: "対応していない形式です",
      detail: (p) => `Content-Type「${p.type}」の本文は受け付けられません。`,
      fix: "本文は JSON にして Content-Type: application/json を付けてください。",
    },
    en: {
      title: "Unsupported media type",
      detail: (p) => `A body of Content-Type "${p.type}" is not accepted here.`,
      fix: "Send a JSON body with Content-Type: application/json.",
    },
  },
  "external-control-unusable": {
    ja: {
      title: "外部対照として使えません",
      detail: (p) =>
        p.kind === "suppressed"
          ? `RWD 研究 ${p.study} の ${p.arm} 群の件数は秘匿されています（${p.subjects} 人、${p.events} 件）。借用するには少なすぎます。`
          : "RWD 研究の群が与えるのは件数です。連続（平均）の評価項目には使えません。",
      fix: (p) =>
        p.kind === "suppressed"
          ? "より大きな集団で RWD 研究を行うか、外部対照の要約を直接入力してください。"
          : "評価項目を二値または計数にするか、平均と標準誤差を直接入力してください。",
    },
    en: {
      title: "Cannot be used as external controls",
      detail: (p) =>
        p.kind === "suppressed"
          ? `The ${p.arm} arm of RWD study ${p.study} shows suppressed counts (${p.subjects} subjects, ${p.events} events): too few to borrow from.`
          : "An RWD study arm gives counts; it cannot inform a continuous (mean) endpoint.",
      fix: (p) =>
        p.kind === "suppressed"
          ? "Run the RWD study on a larger population, or type the external control summary yourself."
          : "Use a binary or count endpoint, or type the mean and its standard error yourself.",
    },
  },
  "lag-data-missing": {
    ja: {
      title: "承認品目データがありません",
      detail: (p) => `ドラッグ・ラグのモニターに承認品目リストが読み込まれていません（不足: ${p.missing}）。`,
      fix: "`kakehashi lag fetch` で FDA・PMDA・EMA のファイルを取得するか、同じ形式のファイルをデータフォルダに置いてください。",
    },
    en: {
      title: "No approval data",
      detail: (p) => `The drug-lag monitor has no approval lists loaded (missing: ${p.missing}).`,
      fix: "Fetch the FDA, PMDA and EMA files with `kakehashi lag fetch`, or put files of the same format in the data folder.",
    },
  },
  "screen-not-finished": {
    ja: {
      title: "スクリーニングが完了していません",
      detail: (p) => `このスクリーニングの状態は「${p.status}」です。結果はまだありません。`,
      fix: "完了（done）になってから、もう一度実行してください。",
    },
    en: {
      title: "The screen has not finished",
      detail: (p) => `This screen is ${p.status}: it has no result yet.`,
      fix: "Try again once its status is done.",
    },
  },
  "bad-request": {
    ja: {
      title: "リクエストを処理できません",
      detail: (p) => `リクエストに問題があります: ${p.reason}`,
      fix: "API 仕様（/docs）を確かめて、リクエストを直してください。",
    },
    en: {
      title: "The request cannot be processed",
      detail: (p) => `The request has a problem: ${p.reason}`,
      fix: "Check the API reference (/docs) and correct the request.",
    },
  },
  "invalid-credentials": {
    ja: {
      title: "ログインできません",
      detail: "メールアドレスまたはパスワードが違います。",
      fix: "入力を確かめてもう一度お試しください。",
    },
    en: {
      title: "Login failed",
      detail: "The e-mail address or the password is wrong.",
      fix: "Check what you typed and try again.",
    },
  },
  "too-many-attempts": {
    ja: {
      title: "試行回数が多すぎます",
      detail: (p) => `ログインの試行が多すぎます。${p.seconds} 秒後にもう一度お試しください。`,
      fix: "しばらく待ってから再試行してください。",
    },
    en: {
      title: "Too many attempts",
      detail: (p) => `Too many login attempts. Try again in ${p.seconds} seconds.`,
      fix: "Wait a while, then try again.",
    },
  },
  unauthenticated: {
    ja: {
      title: "ログインが必要です",
      detail: "この操作にはログイン、または API トークンが必要です。",
      fix: "ログインするか、Authorization: Bearer <トークン> を付けてください。",
    },
    en: {
      title: "Authentication required",
      detail: "This request needs a logged-in session or an API token.",
      fix: "Log in, or send Authorization: Bearer <token>.",
    },
  },
  forbidden: {
    ja: {
      title: "権限がありません",
      detail: (p) => `この操作（${p.action}）を行う権限がありません。`,
      fix: "必要な権限を持つ所属組織の管理者に依頼してください。",
    },
    en: {
      title: "Not allowed",
      detail: (p) => `You are not allowed to do this (${p.action}).`,
      fix: "Ask an administrator of your organisation for the access you need.",
    },
  },
  "csrf-token-invalid": {
    ja: {
      title: "CSRF トークンが無効です",
      detail: "状態を変更するリクエストに、有効な x-csrf-token ヘッダーがありません。",
      fix: "GET /api/auth/session で得た csrfToken を x-csrf-token ヘッダーに付けてください。",
    },
    en: {
      title: "CSRF token missing or invalid",
      detail: "A state-changing request came without a valid x-csrf-token header.",
      fix: "Send the csrfToken from GET /api/auth/session in the x-csrf-token header.",
    },
  },
  "not-found": {
    ja: {
      title: "見つかりません",
      detail: (p) => `${p.what} は存在しません。`,
      fix: "ID またはアドレスを確かめてください。",
    },
    en: {
      title: "Not found",
      detail: (p) => `${p.what} does not exist.`,
      fix: "Check the id or the address.",
    },
  },
  conflict: {
    ja: {
      title: "既に存在します",
      detail: (p) => `${p.what} は既に登録されています。`,
      fix: "別の値を使うか、既存のものを使ってください。",
    },
    en: {
      title: "Already exists",
      detail: (p) => `${p.what} is already registered.`,
      fix: "Use another value, or use the existing one.",
    },
  },
  "internal-error": {
    ja: {
      title: "サーバー内部エラー",
      detail: "予期しないエラーが起きました。内容はサーバーのログに記録されています。",
      fix: "時間をおいて再試行し、続く場合は管理者に連絡してください。",
    },
    en: {
      title: "Internal server error",
      detail: "Something unexpected went wrong; the server log has the details.",
      fix: "Try again later; if it persists, tell your administrator.",
    },
  },
} satisfies Record<string, Record<Locale, { title: Text; detail: Text; fix: Text }>>;

export type ProblemCode = keyof typeof catalogue;
export const PROBLEM_CODES = Object.keys(catalogue) as ProblemCode[];

export interface ProblemText {
  title: string;
  detail: string;
  fix: string;
}

function render(text: Text, params: Params): string {
  return typeof text === "function" ? text(params) : text;
}

export function problemText(code: ProblemCode, locale: Locale, params: Params = {}): ProblemText {
  const entry = catalogue[code][locale] as { title: Text; detail: Text; fix: Text };
  return {
    title: render(entry.title, params),
    detail: render(entry.detail, params),
    fix: render(entry.fix, params),
  };
}
