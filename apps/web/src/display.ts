import type { TFunction } from "i18next";
import type { Language } from "./i18n/index.ts";

const KNOWN_ROLES = new Set([
  "researcher",
  "tlo",
  "company",
  "investor",
  "funder",
  "regulator",
  "mentor",
  "analyst",
  "admin",
]);

/** A role's label in the current language; unknown roles are shown as-is. */
export function roleLabel(t: TFunction, role: string): string {
  return KNOWN_ROLES.has(role) ? t(`roles.${role}`) : role;
}

export function rolesLabel(t: TFunction, roles: readonly string[]): string {
  return roles.map((role) => roleLabel(t, role)).join(t("roleSeparator"));
}

/** An organisation's name in the given language, falling back to the other one. */
export function organisationName(org: { nameJa: string; nameEn: string }, lang: Language): string {
  return (lang === "en" ? org.nameEn || org.nameJa : org.nameJa || org.nameEn) ?? "";
}
