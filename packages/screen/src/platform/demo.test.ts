import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { seedDemo, storeMigrations } from "@kakehashi/store";
import { openTestStore, type TestStore } from "@kakehashi/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { haveChemData, sharedData } from "../chem/testSupport.ts";
import { seedScreenDemo } from "./demo.ts";
import { getScreenRun, listLibraries, listTargets, screenMigrations } from "./index.ts";

describe.skipIf(!haveChemData)("the screen demo of a demo instance", () => {
  let store: TestStore;
  const folder = mkdtempSync(path.join(tmpdir(), "kh-screen-demo-"));
  beforeAll(async () => {
    store = await openTestStore("pglite", "memory://", { ...storeMigrations, ...screenMigrations });
    await seedDemo(store.db);
  });
  afterAll(async () => {
    await store?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("shares the approved drugs and Mpro, queues the report's scenario for the demo researcher, once", async () => {
    const demo = await seedScreenDemo(store.db, { folder }, sharedData);
    expect(demo).toMatchObject({ libraries: 1, targets: 1, runs: 1 });
    const researcher = await store.db
      .selectFrom("users")
      .innerJoin("user_roles", "user_roles.user_id", "users.id")
      .select(["users.id", "users.organisation_id"])
      .where("email", "=", "researcher@toto-u.example")
      .executeTakeFirstOrThrow();
    const actor = {
      userId: researcher.id,
      organisationId: researcher.organisation_id,
      roles: ["researcher" as const],
    };
    const [library] = await listLibraries(store.db, actor);
    // every DrugCentral row is either a library molecule or a reported failure
    expect(library?.organisationId).toBeNull();
    expect((library?.molecules ?? 0) + (library?.failureCount ?? 0)).toBe(3949);
    expect(library?.molecules).toBeGreaterThan(3900);
    const [target] = await listTargets(store.db, actor);
    expect(target).toMatchObject({ chains: ["A", "C"], defaultChain: "A", defaultLigand: ["C:*"] });
    const runs = await store.db
      .selectFrom("screen_runs" as never)
      .select(["id" as never])
      .execute();
    expect(runs).toHaveLength(1);
    const run = await getScreenRun(store.db, actor, (runs[0] as { id: string }).id);
    expect(run.status).toBe("queued");
    expect(run.request.watch).toContain("nelfinavir");
    expect(run.request.similarity?.queries).toHaveLength(5);
    expect(run.request.docking).toMatchObject({ receptor: target?.id, topN: 5, dockWatched: true });

    expect(await seedScreenDemo(store.db, { folder }, sharedData)).toMatchObject({ libraries: 0, runs: 0 });
  }, 120_000);
});
