import { storeMigrations } from "@kakehashi/store";
import type { Migration } from "kysely/migration";
import * as m0002 from "./0002_pipeline.ts";

export const pipelineMigrations: Record<string, Migration> = { "0002_pipeline": m0002 };

/** The whole platform schema: the store's tables, then the pipeline's. */
export const platformMigrations: Record<string, Migration> = { ...storeMigrations, ...pipelineMigrations };
