/**
 * @kakehashi/partnering — report area 1's accompaniment: explainable matching of seeds with companies,
 * investors and mentors, outreach that starts the pipeline's NDA grant flow, the consultation desk with
 * Open Hours, disease-area consortia, the forum, and notifications (in-app and e-mail).
 */
import type { Migration } from "kysely/migration";
import { communityMigrations } from "./community.ts";
import { matchingMigrations } from "./matching/index.ts";

export * from "./community.ts";
export * from "./matching/index.ts";

export const partneringMigrations: Record<string, Migration> = {
  ...matchingMigrations,
  ...communityMigrations,
};
