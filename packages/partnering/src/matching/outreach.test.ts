import { KakehashiError } from "@kakehashi/core";
import { listSeedGrants } from "@kakehashi/pipeline";
import { listAudit } from "@kakehashi/store";
import { TEST_BACKENDS } from "@kakehashi/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listNotifications } from "../notifications/notifications.ts";
import { seedsForOrganisation } from "./matching.ts";
import {
  decideOutreach,
  getOutreach,
  listOutreach,
  outreachCounts,
  sendOutreach,
  withdrawOutreach,
} from "./outreach.ts";
import { saveCompanyProfile } from "./profiles.ts";
import { parseJson } from "./schema.ts";
import { TEASER_FIELDS } from "./teaser.ts";
import { auditActions, type MatchingFixture, openMatchingFixture, SECRET } from "./testSupport.ts";

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof KakehashiError) return e.code;
    throw e;
  }
  return "ok";
};

describe.each(TEST_BACKENDS)("outreach on %s", (backend) => {
  let f: MatchingFixture;
  beforeAll(async () => {
    f = await openMatchingFixture(backend);
  });
  afterAll(async () => {
    await f?.store.close();
  });

  it("sends only the public teaser: stored, returned, audited and notified, no confidential field", async () => {
    const sent = await sendOutreach(
      f.db,
      f.bd,
      { seedId: f.lipidSeed, dealType: "licence", message: "公開概要を拝見しました。" },
      f.today,
    );
    expect(sent.status).toBe("sent");
    expect(Object.keys(sent.teaser).sort()).toEqual([...TEASER_FIELDS].sort());
    expect(sent.teaser.titleEn).toBe("siRNA targeting PCSK9");
    const row = await f.db
      .selectFrom("partnering_outreach")
      .selectAll()
      .where("id", "=", sent.id)
      .executeTakeFirstOrThrow();
    const stored = parseJson(row.teaser) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual([...TEASER_FIELDS].sort());
    // the owners hear of it with the public title and the sender; the message itself is read in the app
    const { notifications } = await listNotifications(f.store.db, f.researcher);
    const notice = notifications.find((n) => n.kind === "outreach_received");
    expect(notice?.bodyJa).toContain(
      "さくら製薬株式会社 から「PCSK9 を標的とする siRNA」について導出（ライセンス）の打診",
    );
    expect(notice?.bodyEn).toContain(
      'Sakura Pharmaceutical Co. approached you about "siRNA targeting PCSK9" (licence)',
    );
    expect(notice?.link).toBe("/#/partnering/outreach");
    expect(JSON.stringify(notice)).not.toContain("公開概要を拝見しました");
    expect((await listNotifications(f.store.db, f.bd)).notifications).toHaveLength(0);
    const audit = await listAudit(f.store.db, { entityType: "outreach", entityId: sent.id });
    for (const payload of [row, sent, notice, audit])
      expect(JSON.stringify(payload)).not.toMatch(
        new RegExp(`${SECRET}|confidential_details|confidentialDetails`),
      );
  });

  it("refuses a second open outreach from the same organisation, and outreach by owners or researchers", async () => {
    expect(
      await code(
        sendOutreach(f.db, f.bd, { seedId: f.lipidSeed, dealType: "option", message: "again" }, f.today),
      ),
    ).toBe("conflict");
    for (const who of [f.researcher, f.otherResearcher, f.mentor, f.funder])
      expect(
        await code(
          sendOutreach(f.db, who, { seedId: f.lipidSeed, dealType: "licence", message: "hello" }, f.today),
        ),
      ).toBe("forbidden");
  });

  it("lets only the seed's owners decide: not the sender, not another university, not staff", async () => {
    const { sent } = await listOutreach(f.db, f.bd, f.today);
    const id = sent[0]?.id as string;
    for (const who of [f.bd, f.otherBd, f.otherResearcher, f.funder, f.admin])
      expect(await code(decideOutreach(f.db, who, id, { decision: "accept" }, f.today))).toBe("forbidden");
    // another organisation does not learn that the outreach exists
    expect(await code(getOutreach(f.db, f.otherBd, id, f.today))).toBe("not-found");
    expect((await listOutreach(f.db, f.otherBd, f.today)).sent).toEqual([]);
  });

  it("starts the NDA grant flow on accept: a request in the sender's name, active once the NDA is given", async () => {
    await saveCompanyProfile(f.db, f.bd, f.bd.organisation.id, {
      areas: { chapters: ["IV"], prefixes: [] },
      modalities: ["nucleic_acid"],
      stages: ["lead"],
      dealTypes: ["licence"],
      regions: ["japan"],
      budgetBand: "500m_2b",
    });
    const before = await seedsForOrganisation(f.db, f.bd, f.bd.organisation.id, { today: f.today });
    expect(before.seeds.find((s) => s.seed.id === f.lipidSeed)?.readinessVisible).toBe(false);
    const { received } = await listOutreach(f.db, f.researcher, f.today);
    expect(received).toHaveLength(1);
    const accepted = await decideOutreach(
      f.db,
      f.researcher,
      received[0]?.id as string,
      { decision: "accept", nda: { reference: "NDA-2026-T9", expiresOn: "2027-11-30" } },
      f.today,
    );
    expect(accepted).toMatchObject({ status: "accepted", grant: { status: "active" } });
    const grants = await listSeedGrants(f.pipeline, f.researcher, f.lipidSeed, f.today);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({
      status: "active",
      ndaReference: "NDA-2026-T9",
      organisation: { id: f.bd.organisation.id },
    });
    // the grant is the pipeline's: Sakura now sees the seed's readiness in its matches
    const after = await seedsForOrganisation(f.db, f.bd, f.bd.organisation.id, { today: f.today });
    expect(after.seeds.find((s) => s.seed.id === f.lipidSeed)?.readinessVisible).toBe(true);
    expect(
      await code(decideOutreach(f.db, f.researcher, accepted.id, { decision: "decline" }, f.today)),
    ).toBe("conflict");
    // the sender hears of the decision, with a link to the seed's access tab
    const [decided] = (await listNotifications(f.store.db, f.bd)).notifications;
    expect(decided).toMatchObject({
      kind: "outreach_decided",
      titleEn: "Your outreach was accepted",
      link: `/#/seeds/${f.lipidSeed}/access`,
    });
    expect(await auditActions(f.store, "access_grant")).toEqual(["grant.request", "grant.activate"]);
    expect(await auditActions(f.store, "outreach")).toEqual([
      "partnering.outreach.send",
      "partnering.outreach.accept",
    ]);
  });

  it("leaves the grant requested when the owner accepts before the NDA is signed", async () => {
    const sent = await sendOutreach(
      f.db,
      f.vc,
      { seedId: f.lungSeed, dealType: "research_collaboration", message: "Spin-out funding?" },
      f.today,
    );
    const accepted = await decideOutreach(
      f.db,
      f.researcher,
      sent.id,
      { decision: "accept", note: "NDA 準備中" },
      f.today,
    );
    expect(accepted).toMatchObject({
      status: "accepted",
      decisionNote: "NDA 準備中",
      grant: { status: "requested" },
    });
    const [grant] = await listSeedGrants(f.pipeline, f.researcher, f.lungSeed, f.today);
    expect(grant).toMatchObject({ status: "requested", organisation: { id: f.vc.organisation.id } });
    expect(grant?.requestMessage).toContain("Spin-out funding?");
  });

  it("lets the owner decline and the sender withdraw, each audited, and counts states for staff", async () => {
    const declined = await sendOutreach(
      f.db,
      f.otherBd,
      { seedId: f.lungSeed, dealType: "option", message: "Option?" },
      f.today,
    );
    expect(
      (await decideOutreach(f.db, f.researcher, declined.id, { decision: "decline" }, f.today)).grant,
    ).toBeNull();
    const withdrawn = await sendOutreach(
      f.db,
      f.otherBd,
      { seedId: f.lipidSeed, dealType: "co_development", message: "Co-development?" },
      f.today,
    );
    expect(await code(withdrawOutreach(f.db, f.bd, withdrawn.id, f.today))).toBe("forbidden");
    expect(await code(withdrawOutreach(f.db, f.researcher, withdrawn.id, f.today))).toBe("forbidden");
    expect((await withdrawOutreach(f.db, f.otherBd, withdrawn.id, f.today)).status).toBe("withdrawn");
    expect(
      await code(decideOutreach(f.db, f.researcher, withdrawn.id, { decision: "accept" }, f.today)),
    ).toBe("conflict");
    expect(await outreachCounts(f.db, f.funder)).toEqual({ sent: 0, accepted: 2, declined: 1, withdrawn: 1 });
    expect(await code(outreachCounts(f.db, f.bd))).toBe("forbidden");
    const actions = await auditActions(f.store, "outreach");
    expect(actions.filter((a) => a === "partnering.outreach.decline")).toHaveLength(1);
    expect(actions.filter((a) => a === "partnering.outreach.withdraw")).toHaveLength(1);
  });
});
