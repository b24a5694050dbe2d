import Negotiator from "negotiator";

export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "ja";

/** Picks ja or en from an Accept-Language header; Japanese is the default for an absent or unknown one. */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const picked = new Negotiator({ headers: { "accept-language": acceptLanguage } }).language([...LOCALES]);
  return (picked as Locale | undefined) ?? DEFAULT_LOCALE;
}
