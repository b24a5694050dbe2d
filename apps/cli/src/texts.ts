import type { Locale } from "@kakehashi/core";

/** The CLI speaks the language of KAKEHASHI_LANG, else of LANG (ja_JP… → ja), else English. */
export function cliLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const tag = (env.KAKEHASHI_LANG || env.LC_ALL || env.LANG || "").toLowerCase();
  return tag.startsWith("ja") ? "ja" : "en";
}

export const say = (locale: Locale, ja: string, en: string) => (locale === "ja" ? ja : en);
