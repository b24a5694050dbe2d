import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import ja from "./ja.json";
import communityEn from "./partnering/community.en.json";
import communityJa from "./partnering/community.ja.json";
import deskEn from "./partnering/desk.en.json";
import deskJa from "./partnering/desk.ja.json";
import partneringEn from "./partnering/en.json";
import partneringJa from "./partnering/ja.json";
import matchingEn from "./partnering/matching.en.json";
import matchingJa from "./partnering/matching.ja.json";

// Partnering's texts live in their own files, one pair per area, under `partnering.<area>.…`.
const resourcesJa = {
  ...ja,
  partnering: { ...partneringJa, matching: matchingJa, desk: deskJa, community: communityJa },
};
const resourcesEn = {
  ...en,
  partnering: { ...partneringEn, matching: matchingEn, desk: deskEn, community: communityEn },
};

// Compile-time check that both languages carry the same keys.
const _enHasAllKeys: typeof resourcesJa = resourcesEn;
const _jaHasAllKeys: typeof resourcesEn = resourcesJa;
void _enHasAllKeys;
void _jaHasAllKeys;

export const LANGUAGES = ["ja", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = "ja";
export const LANGUAGE_STORAGE_KEY = "kakehashi.lang";

function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

function readStoredLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // localStorage may be unavailable (privacy mode, sandboxed iframe): fall back to the default.
  }
  return DEFAULT_LANGUAGE;
}

function applyLanguage(lng: string): void {
  const lang = isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
  document.documentElement.lang = lang;
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
  } catch {
    // Persisting is best-effort.
  }
}

/** The UI's current language; sent as Accept-Language on every API request. */
export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}

export function otherLanguage(lng: Language): Language {
  return lng === "ja" ? "en" : "ja";
}

export function setLanguage(lng: Language): Promise<unknown> {
  return i18n.changeLanguage(lng);
}

i18n.on("languageChanged", applyLanguage);

void i18n.use(initReactI18next).init({
  resources: {
    ja: { translation: resourcesJa },
    en: { translation: resourcesEn },
  },
  lng: readStoredLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  initAsync: false,
  interpolation: { escapeValue: false },
});

applyLanguage(currentLanguage());

export default i18n;
