import type { OrganisationKind, Role } from "@kakehashi/core";
import type { Kysely } from "kysely";
import { countAccounts, createAccount, createOrganisation } from "./accounts.ts";
import type { AuditActor } from "./audit.ts";
import type { Database } from "./schema.ts";
import { getSetting, setSetting } from "./settings.ts";

/** Shown on the login page of a demo instance only; a non-demo start has no default password. */
export const DEMO_PASSWORD = "kakehashi-demo";

const organisations: Record<string, { nameJa: string; nameEn: string; kind: OrganisationKind }> = {
  university: { nameJa: "東都大学", nameEn: "Toto University", kind: "university" },
  company: { nameJa: "さくら製薬株式会社", nameEn: "Sakura Pharmaceutical Co.", kind: "company" },
  investor: {
    nameJa: "みらいライフサイエンス・キャピタル",
    nameEn: "Mirai Life Science Capital",
    kind: "investor",
  },
  funder: {
    nameJa: "医療研究開発推進機構（デモ）",
    nameEn: "Medical R&D Funding Agency (demo)",
    kind: "funder",
  },
  regulator: { nameJa: "医薬品審査センター（デモ）", nameEn: "Drug Review Centre (demo)", kind: "regulator" },
  hospital: {
    nameJa: "中央臨床研究中核病院",
    nameEn: "Central Core Clinical Research Hospital",
    kind: "hospital",
  },
};

export interface DemoAccount {
  email: string;
  displayName: string;
  role: Role;
  organisation: keyof typeof organisations;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: "researcher@toto-u.example",
    displayName: "山田 花子",
    role: "researcher",
    organisation: "university",
  },
  { email: "tlo@toto-u.example", displayName: "佐藤 健", role: "tlo", organisation: "university" },
  { email: "bd@sakura-pharma.example", displayName: "鈴木 一郎", role: "company", organisation: "company" },
  {
    email: "partner@mirai-capital.example",
    displayName: "高橋 美咲",
    role: "investor",
    organisation: "investor",
  },
  { email: "po@funder.example", displayName: "田中 誠", role: "funder", organisation: "funder" },
  {
    email: "reviewer@regulator.example",
    displayName: "伊藤 直子",
    role: "regulator",
    organisation: "regulator",
  },
  { email: "mentor@core-hospital.example", displayName: "渡辺 隆", role: "mentor", organisation: "hospital" },
  {
    email: "biostat@core-hospital.example",
    displayName: "中村 由美",
    role: "analyst",
    organisation: "hospital",
  },
  { email: "admin@funder.example", displayName: "小林 管理", role: "admin", organisation: "funder" },
];

const SYSTEM: AuditActor = { id: null, label: "system:demo-seed" };

/**
 * Loads the demo organisations and one account per role, once, into an empty store. A store that
 * already has accounts is left alone, so a real instance never gets demo passwords.
 */
export async function seedDemo(db: Kysely<Database>): Promise<{ seeded: boolean }> {
  if ((await getSetting(db, "demo")) === "true") return { seeded: false };
  if ((await countAccounts(db)) > 0) return { seeded: false };
  const orgIds: Record<string, string> = {};
  for (const [key, org] of Object.entries(organisations)) {
    orgIds[key] = (await createOrganisation(db, SYSTEM, org)).id;
  }
  for (const a of DEMO_ACCOUNTS) {
    await createAccount(db, SYSTEM, {
      organisationId: orgIds[a.organisation] as string,
      email: a.email,
      displayName: a.displayName,
      password: DEMO_PASSWORD,
      roles: [a.role],
    });
  }
  await setSetting(db, SYSTEM, "demo", "true");
  return { seeded: true };
}

export async function isDemoInstance(db: Kysely<Database>): Promise<boolean> {
  return (await getSetting(db, "demo")) === "true";
}

export const demoOrganisation = (key: DemoAccount["organisation"]) => organisations[key];
