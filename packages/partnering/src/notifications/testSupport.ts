/** Test helpers of the community areas: a migrated store and accounts made without passwords (fast). */
import type { OrganisationKind, Role } from "@kakehashi/core";
import { platformMigrations } from "@kakehashi/pipeline";
import { type Account, createAccount, createOrganisation, type StoreKind } from "@kakehashi/store";
import { openTestStore, type TestStore } from "@kakehashi/store/testing";
import * as community from "../communityMigration.ts";
import * as noticeKinds from "../noticeKindsMigration.ts";

export const TEST_ACTOR = { id: null, label: "test" };

export function openCommunityStore(backend: StoreKind): Promise<TestStore> {
  return openTestStore(backend, "memory://", {
    ...platformMigrations,
    "0007_partnering_community": community,
    "0008_partnering_notice_kinds": noticeKinds,
  });
}

export async function makeOrganisation(store: TestStore, nameEn: string, kind: OrganisationKind) {
  return createOrganisation(store.db, TEST_ACTOR, { nameJa: `${nameEn}（テスト）`, nameEn, kind });
}

let counter = 0;
export async function makeAccount(
  store: TestStore,
  organisationId: string,
  roles: Role[],
  displayName = `${roles.join("+")} ${++counter}`,
): Promise<Account> {
  return createAccount(store.db, TEST_ACTOR, {
    organisationId,
    email: `${roles.join("-")}-${++counter}-${Math.random().toString(36).slice(2, 8)}@test.example`,
    displayName,
    roles,
  });
}
