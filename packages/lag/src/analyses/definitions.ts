/** Every figure's definition, as data beside the code that computes it (shown with the figure). */
import type { LocalText } from "../atc.ts";

export interface Definition extends LocalText {
  id: string;
}

const MONTHS = "月数は日数 ÷ 30.4375（グレゴリオ暦の平均月長）。四分位は type 7（R の既定）。" as const;
const MONTHS_EN =
  "Months are days / 30.4375 (the mean Gregorian month). Quartiles are type 7 (R's default)." as const;

export const DEFINITIONS = {
  lagByJpYear: {
    id: "lag-by-jp-approval-year",
    ja: `ドラッグ・ラグ（承認年別）: 日本で新有効成分として承認された医薬品について、日本の承認日から米国・EU のうち早い方の初回承認日を引いた期間（月）。日本の承認年で分類。日本が先なら負。${MONTHS}`,
    en: `Drug lag by year of the Japanese approval: for medicines approved in Japan as a new active ingredient, the Japanese approval date minus the earlier of the first US and EU approvals, in months, grouped by the year of the Japanese approval; negative when Japan was first. ${MONTHS_EN}`,
  },
  lagByFirstYear: {
    id: "lag-by-first-approval-year",
    ja: `ドラッグ・ラグ（米欧初回承認年別）: 上と同じラグを、米国・EU のうち早い方の初回承認年で分類。最近の年は日本で既に承認されたものだけが入るため、ラグが短く見える（未承認のものは「ドラッグ・ロス」の図を参照）。${MONTHS}`,
    en: `Drug lag by year of the first US/EU approval: the same lag, grouped by the year of the earlier of the first US and EU approvals. Recent years only hold medicines already approved in Japan, so their lag looks shorter (see the drug-loss figure for the rest). ${MONTHS_EN}`,
  },
  lagByArea: {
    id: "lag-by-therapeutic-area",
    ja: `ドラッグ・ラグ（領域別）: 上と同じラグを、EMA の ATC コードの第 1 階層（解剖学的分類）で分類。EMA が扱っていない医薬品は「分類なし」。${MONTHS}`,
    en: `Drug lag by therapeutic area: the same lag, grouped by the first level (anatomical main group) of the EMA's ATC code; medicines the EMA does not list are "unclassified". ${MONTHS_EN}`,
  },
  lossShare: {
    id: "drug-loss-share",
    ja: "ドラッグ・ロス割合: 米国または EU で新有効成分として初めて承認された医薬品（早い方の承認年で分類）のうち、基準日（既定: PMDA 一覧の最新承認日）までに日本で承認されていないものの割合。日本で承認済みとは、PMDA 一覧に新有効成分・一部変更などいずれかの行があること。PMDA 一覧の開始年より前の年は既定で除く（それ以前の日本の承認が一覧にないため）。",
    en: "Drug-loss share: of the new active ingredients first approved in the US or the EU (grouped by the year of the earlier approval), the share not approved in Japan by the cut-off date (default: the latest date in the PMDA list). Approved in Japan means any row in the PMDA list (new active ingredient, partial change or other). Years before the PMDA list starts are left out by default, because earlier Japanese approvals are not in the list.",
  },
  orphan: {
    id: "orphan-vs-non-orphan",
    ja: "希少疾病用医薬品とそれ以外の比較: 米国または EU で希少疾病用医薬品の指定がある医薬品を「希少疾病用」とし、ドラッグ・ラグ（月、中央値と四分位）とドラッグ・ロス割合を両群で比べる。定義はそれぞれ上の図と同じ。",
    en: "Orphan against non-orphan: a medicine is an orphan drug when it has an orphan designation in the US or the EU; the drug lag (months: median and quartiles) and the drug-loss share are compared between the two groups, each defined as in the figures above.",
  },
} as const satisfies Record<string, Definition>;
