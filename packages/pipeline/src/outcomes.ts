import { randomUUID } from "node:crypto";
import { type Account, appendAudit } from "@kakehashi/store";
import type { Transaction } from "kysely";
import { z } from "zod";
import type { PipelineDatabase, PipelineDb } from "./schema.ts";
import { auditActor, getSeedSummary, requireOwner } from "./seeds.ts";
import { IsoDate, OutcomeKind } from "./vocabulary.ts";

/** A result the programme counts: a licence deal (導出), a patent filed or granted, a funding round, an approval. */
export const OutcomeBody = z.strictObject({
  kind: OutcomeKind,
  occurredOn: IsoDate,
  amountJpy: z.number().int().min(0).max(1e13).nullish(),
  partnerOrganisationId: z.uuid().nullish(),
  note: z.string().trim().max(2000).default(""),
});
export type OutcomeBody = z.infer<typeof OutcomeBody>;

export interface Outcome {
  id: string;
  seedId: string;
  kind: OutcomeKind;
  occurredOn: string;
  amountJpy: number | null;
  partner: { id: string; nameJa: string; nameEn: string } | null;
  note: string;
}

export async function insertOutcome(
  trx: Transaction<PipelineDatabase>,
  account: Pick<Account, "id" | "email">,
  seedId: string,
  o: OutcomeBody,
): Promise<string> {
  const id = randomUUID();
  const row = {
    id,
    seed_id: seedId,
    kind: o.kind,
    occurred_on: o.occurredOn,
    amount_jpy: o.amountJpy ?? null,
    partner_organisation_id: o.partnerOrganisationId ?? null,
    note: o.note,
  };
  await trx.insertInto("outcomes").values(row).execute();
  await appendAudit(trx, {
    actor: auditActor(account as Account),
    action: "outcome.create",
    entityType: "outcome",
    entityId: id,
    after: row,
    detail: { seedId },
  });
  return id;
}

export async function addOutcome(
  db: PipelineDb,
  account: Account,
  seedId: string,
  body: OutcomeBody,
): Promise<Outcome[]> {
  await requireOwner(db, account, seedId, "outcome.create");
  await db.transaction().execute((trx) => insertOutcome(trx, account, seedId, body));
  return listOutcomes(db, seedId);
}

/** Outcomes are announced results and public, like the seed's summary. */
export async function listOutcomes(db: PipelineDb, seedId: string): Promise<Outcome[]> {
  await getSeedSummary(db, seedId);
  const rows = await db
    .selectFrom("outcomes")
    .leftJoin("organisations", "organisations.id", "outcomes.partner_organisation_id")
    .selectAll("outcomes")
    .select(["organisations.name_ja", "organisations.name_en"])
    .where("seed_id", "=", seedId)
    .orderBy("occurred_on")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    seedId: r.seed_id,
    kind: r.kind as OutcomeKind,
    occurredOn: r.occurred_on,
    amountJpy: r.amount_jpy,
    partner: r.partner_organisation_id
      ? { id: r.partner_organisation_id, nameJa: r.name_ja ?? "", nameEn: r.name_en ?? "" }
      : null,
    note: r.note,
  }));
}
