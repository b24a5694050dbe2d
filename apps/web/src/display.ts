import type { TFunction } from "i18next";
import type { Language } from "./i18n/index.ts";
import { PARTNERING_TABS, type PartneringTab } from "./router.ts";
import { ENUM_NAMESPACES, type EnumNamespace } from "./vocabulary.ts";

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

/** The label of an enumeration value (see vocabulary.ts); unknown values are shown as-is. */
export function enumLabel(t: TFunction, namespace: EnumNamespace, value: string | null | undefined): string {
  if (!value) return "";
  const known = ENUM_NAMESPACES[namespace] as readonly string[];
  return known.includes(value) ? t(`${namespace}.${value}`) : value;
}

/** The ja or en variant of a pair of texts, falling back to the other one when empty. */
export function pick(ja: string | null | undefined, en: string | null | undefined, lang: Language): string {
  return (lang === "en" ? en || ja : ja || en) ?? "";
}

export function seedTitle(seed: { titleJa: string; titleEn: string }, lang: Language): string {
  return pick(seed.titleJa, seed.titleEn, lang);
}

/**
 * "Champion data": one best, unreplicated research-grade result (same rule as the server's
 * isChampionData in packages/pipeline). Shown as a warning badge next to the evidence.
 */
export function isChampionData(e: {
  integrityLevel: string;
  replications: number;
  reproducedByOtherLab: boolean;
}): boolean {
  return e.integrityLevel === "research" && e.replications < 2 && !e.reproducedByOtherLab;
}

const PARTNER_ROLES = ["company", "investor"];
const OWNER_ROLES = ["researcher", "tlo"];
const KPI_ROLES = ["funder", "admin", "regulator", "analyst"];
const RWD_ROLES = ["analyst", "regulator", "researcher", "tlo", "admin"];
const TRIAL_ROLES = ["researcher", "tlo", "company", "analyst", "admin"];
const SCREEN_ROLES = ["researcher", "tlo", "company", "analyst", "admin"];

const hasAny = (roles: readonly string[], wanted: readonly string[]) => wanted.some((r) => roles.includes(r));

/** Researchers and TLO staff register seeds. */
export const canCreateSeeds = (roles: readonly string[]) => hasAny(roles, OWNER_ROLES);
/** Companies and investors ask owners for confidential access. */
export const isPartner = (roles: readonly string[]) => hasAny(roles, PARTNER_ROLES);
/** Programme KPIs are for funders, administrators, regulators and analysts. */
export const canViewKpis = (roles: readonly string[]) => hasAny(roles, KPI_ROLES);
/** Real-world data studies: the roles the server's canUseRwd lets in. */
export const canUseRwd = (roles: readonly string[]) => hasAny(roles, RWD_ROLES);
/** Trial designs: the roles the server's canDesignTrials lets in (seed owners, companies' clinical teams, biostatisticians). */
export const canDesignTrials = (roles: readonly string[]) => hasAny(roles, TRIAL_ROLES);
/** In-silico screens: the roles the server's canScreen lets in (seed owners, companies' discovery teams, analysts). */
export const canScreen = (roles: readonly string[]) => hasAny(roles, SCREEN_ROLES);

/**
 * Partnering's tabs a role sees, mirroring @kakehashi/partnering's checks: matches and outreach for seed
 * owners, companies, investors and programme staff; a profile for companies, investors and mentors;
 * reports for programme staff, analysts and seed owners (their own unmatched seeds); the desk for those
 * who ask, answer or steer it; consortia, the forum and notifications for everyone.
 */
const PARTNERING_TAB_ROLES: Record<PartneringTab, readonly string[] | "all"> = {
  matches: ["researcher", "tlo", "company", "investor", "admin", "funder"],
  outreach: ["researcher", "tlo", "company", "investor", "admin"],
  profile: ["company", "investor", "mentor", "admin"],
  reports: ["admin", "funder", "analyst", "researcher", "tlo"],
  desk: ["researcher", "tlo", "company", "investor", "mentor", "admin", "funder", "analyst"],
  consortia: "all",
  forum: "all",
  notifications: "all",
};

export const partneringTabsFor = (roles: readonly string[]): PartneringTab[] =>
  PARTNERING_TABS.filter((tab) => {
    const allowed = PARTNERING_TAB_ROLES[tab];
    return allowed === "all" || hasAny(roles, allowed);
  });
