import { forbidden } from "@kakehashi/core";
import type { Account } from "@kakehashi/store";
import { canViewKpis } from "./access.ts";
import { computeKpis, type KpiFilter, type KpiInput, type Kpis } from "./kpis.ts";
import type { PipelineDb } from "./schema.ts";
import { actorOfAccount } from "./seeds.ts";
import type { Modality, OutcomeKind, Programme, Stage } from "./vocabulary.ts";

/** Everything the KPIs are computed from, read live from the store (no cached figures). */
export async function loadKpiInput(db: PipelineDb): Promise<KpiInput> {
  const [seeds, stageHistory, outcomes, agreements] = await Promise.all([
    db.selectFrom("seeds").select(["id", "programme", "organisation_id", "modality", "stage"]).execute(),
    db.selectFrom("seed_stage_history").select(["seed_id", "stage", "entered_on"]).execute(),
    db.selectFrom("outcomes").select(["seed_id", "kind", "occurred_on", "amount_jpy"]).execute(),
    db
      .selectFrom("agreements")
      .select(["seed_id", "company_money_jpy", "in_kind_jpy", "signed_on"])
      .execute(),
  ]);
  return {
    seeds: seeds.map((s) => ({
      id: s.id,
      programme: s.programme as Programme,
      organisationId: s.organisation_id,
      modality: s.modality as Modality,
      stage: s.stage as Stage,
    })),
    stageHistory: stageHistory.map((h) => ({
      seedId: h.seed_id,
      stage: h.stage as Stage,
      enteredOn: h.entered_on,
    })),
    outcomes: outcomes.map((o) => ({
      seedId: o.seed_id,
      kind: o.kind as OutcomeKind,
      date: o.occurred_on,
      amountJpy: o.amount_jpy,
    })),
    agreements: agreements.map((a) => ({
      seedId: a.seed_id,
      companyMoneyJpy: a.company_money_jpy,
      inKindJpy: a.in_kind_jpy,
      signedOn: a.signed_on,
    })),
  };
}

export async function programmeKpis(db: PipelineDb, account: Account, filter: KpiFilter = {}): Promise<Kpis> {
  if (!canViewKpis(actorOfAccount(account))) throw forbidden("kpis.read");
  return computeKpis(await loadKpiInput(db), filter);
}
