import { KakehashiError } from "@kakehashi/core";
import type { Account } from "@kakehashi/store";
import { TEST_BACKENDS, type TestStore } from "@kakehashi/store/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConsortium } from "../consortia/consortia.ts";
import { listNotifications } from "../notifications/notifications.ts";
import { makeAccount, makeOrganisation, openCommunityStore } from "../notifications/testSupport.ts";
import { addPost, createThread, exportMinutes, getThread, listThreads } from "./forum.ts";

async function refusal(p: Promise<unknown>): Promise<KakehashiError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof KakehashiError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

const t0 = new Date("2026-11-02T01:00:00Z"); // 10:00 JST
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe.each(TEST_BACKENDS)("forum on %s", (backend) => {
  let store: TestStore;
  let researcher: Account;
  let company: Account;
  let regulator: Account;
  let outsider: Account;
  let noRole: Account;
  let funder: Account;
  let publicThread: string;
  let restrictedThread: string;
  let consortiumId: string;

  beforeAll(async () => {
    store = await openCommunityStore(backend);
    const uni = await makeOrganisation(store, "Toto University", "university");
    const pharma = await makeOrganisation(store, "Sakura Pharma", "company");
    const pmda = await makeOrganisation(store, "Drug Review Centre", "regulator");
    const other = await makeOrganisation(store, "Other | Pharma", "company");
    const agency = await makeOrganisation(store, "Agency", "funder");
    researcher = await makeAccount(store, uni.id, ["researcher"], "山田 花子");
    company = await makeAccount(store, pharma.id, ["company"], "鈴木 一郎");
    regulator = await makeAccount(store, pmda.id, ["regulator"], "伊藤 直子");
    outsider = await makeAccount(store, other.id, ["company"], "部外 者");
    noRole = await makeAccount(store, other.id, [], "No Role");
    funder = await makeAccount(store, agency.id, ["funder"], "PO");
    consortiumId = (
      await createConsortium(store.db, funder, {
        nameJa: "核酸医薬コンソーシアム",
        nameEn: "Oligonucleotide Consortium",
        icd10Area: "G71",
        publicDescriptionJa: "核酸医薬の非臨床評価を共同で進める。",
        publicDescriptionEn: "Joint non-clinical evaluation of oligonucleotides.",
        members: [
          { organisationId: uni.id, role: "lead" },
          { organisationId: pharma.id, role: "industry" },
          { organisationId: pmda.id, role: "observer" },
        ],
      })
    ).id;
  });
  afterAll(async () => {
    await store?.close();
  });

  it("marks the regulator's posts in a thread where researchers and companies talk", async () => {
    const thread = await createThread(
      store.db,
      researcher,
      {
        title: "ASO のオフターゲット評価はどこまで必要か",
        topic: "non_clinical",
        body: "in silico 予測と in vitro 評価の組み合わせで十分か、ご意見をください。",
      },
      { now: t0 },
    );
    publicThread = thread.id;
    await addPost(
      store.db,
      company,
      thread.id,
      { body: "弊社では RNA-seq で確認しています。| 表の区切りも含む" },
      { now: at(30) },
    );
    await addPost(
      store.db,
      regulator,
      thread.id,
      { body: "一般論として、ハイブリダイゼーション依存の影響は\n# ヒト細胞での確認を推奨します。" },
      { now: at(60) },
    );
    const view = await getThread(store.db, outsider, thread.id);
    expect(view.posts.map((p) => p.asRegulator)).toEqual([false, false, true]);
    expect(view.posts[2]?.author.organisation.nameEn).toBe("Drug Review Centre");
    expect(
      (await refusal(createThread(store.db, noRole, { title: "x", topic: "general", body: "x" }))).status,
    ).toBe(403);
    expect((await refusal(getThread(store.db, noRole, thread.id))).status).toBe(404);
    expect((await refusal(listThreads(store.db, noRole))).status).toBe(403);
    expect((await refusal(addPost(store.db, noRole, thread.id, { body: "x" }))).status).toBe(404);
    const listed = await listThreads(store.db, outsider);
    expect(listed.find((t) => t.id === thread.id)).toMatchObject({ posts: 3, regulatorPosts: 1 });
    // each reply notifies those who wrote before (never the one replying), with the topic only
    const kinds = async (who: Account) =>
      (await listNotifications(store.db, who)).notifications.map((n) => [n.kind, n.titleEn, n.link]);
    const link = `/#/partnering/forum/${thread.id}`;
    expect(await kinds(researcher)).toEqual([
      ["forum_reply", "The regulator replied in the forum", link],
      ["forum_reply", "A new reply in the forum", link],
    ]);
    expect(await kinds(company)).toEqual([["forum_reply", "The regulator replied in the forum", link]]);
    expect(await kinds(regulator)).toEqual([]);
    expect(await kinds(outsider)).toEqual([]);
    const texts = JSON.stringify((await listNotifications(store.db, researcher)).notifications);
    expect(texts).toContain("non-clinical studies");
    expect(texts).not.toMatch(/RNA-seq|ハイブリダイゼーション|オフターゲット/);
  });

  it("keeps a consortium's thread to its members", async () => {
    expect(
      (
        await refusal(
          createThread(
            store.db,
            outsider,
            { title: "x", topic: "general", body: "x", consortiumId },
            { now: t0 },
          ),
        )
      ).status,
    ).toBe(403);
    const thread = await createThread(
      store.db,
      company,
      { title: "検体の二次利用の範囲", topic: "rwd", body: "規約第 3 条の解釈について。", consortiumId },
      { now: at(120) },
    );
    restrictedThread = thread.id;
    expect(thread.consortium?.nameEn).toBe("Oligonucleotide Consortium");
    // the regulator's organisation is an observer member, so it reads and speaks here too
    await addPost(
      store.db,
      regulator,
      thread.id,
      { body: "同意文書の範囲内であれば問題ありません。" },
      { now: at(150) },
    );
    expect((await refusal(getThread(store.db, outsider, thread.id))).status).toBe(404);
    expect((await refusal(addPost(store.db, outsider, thread.id, { body: "x" }))).status).toBe(404);
    expect((await refusal(exportMinutes(store.db, outsider, thread.id))).status).toBe(404);
    expect((await listThreads(store.db, outsider)).map((t) => t.id)).toEqual([publicThread]);
    expect((await listThreads(store.db, researcher)).map((t) => t.id)).toEqual([
      restrictedThread,
      publicThread,
    ]);
    expect((await listThreads(store.db, researcher, { consortiumId })).map((t) => t.id)).toEqual([
      restrictedThread,
    ]);
  });

  it("exports minutes as Markdown and JSON with the regulator's posts marked", async () => {
    const ja = await exportMinutes(store.db, outsider, publicThread, "ja", { now: at(24 * 60) });
    expect(ja.json.format).toBe("kakehashi-forum-minutes/1");
    expect(ja.json.regulatorPosts).toBe(1);
    expect(ja.json.posts.map((p) => [p.seq, p.author, p.regulator])).toEqual([
      [1, "山田 花子", false],
      [2, "鈴木 一郎", false],
      [3, "伊藤 直子", true],
    ]);
    expect(ja.json.participants).toEqual([
      {
        name: "山田 花子",
        organisation: { nameJa: "Toto University（テスト）", nameEn: "Toto University" },
        regulator: false,
        posts: 1,
      },
      {
        name: "鈴木 一郎",
        organisation: expect.objectContaining({ nameEn: "Sakura Pharma" }),
        regulator: false,
        posts: 1,
      },
      {
        name: "伊藤 直子",
        organisation: expect.objectContaining({ nameEn: "Drug Review Centre" }),
        regulator: true,
        posts: 1,
      },
    ]);
    expect(ja.json.period).toEqual({ from: t0.toISOString(), to: at(60).toISOString() });
    const md = ja.markdown;
    expect(md).toContain("# 議事録: ASO のオフターゲット評価はどこまで必要か");
    expect(md).toContain("- 分野: 非臨床試験");
    expect(md).toContain("- 期間: 2026-11-02 10:00 – 2026-11-02 11:00 (JST)");
    expect(md).toContain("- 規制当局の発言: 1 件");
    expect(md).toContain("### 3. 2026-11-02 11:00 — 伊藤 直子（Drug Review Centre（テスト）） 【規制当局】");
    expect(md).toContain("### 2. 2026-11-02 10:30 — 鈴木 一郎（Sakura Pharma（テスト））\n");
    // a post cannot break the document's structure: every line is quoted
    expect(md).toContain(
      "> 一般論として、ハイブリダイゼーション依存の影響は\n> # ヒト細胞での確認を推奨します。",
    );
    expect(md.match(/^# /gm)).toHaveLength(1);
    expect(md).toContain("| 伊藤 直子 【規制当局】 | Drug Review Centre（テスト） | 1 |");
    expect(md).toContain("非公式な見解");
    expect(md.match(/【規制当局】/g)?.length).toBe(4); // summary line, table row, post heading, footnote

    const en = await exportMinutes(store.db, outsider, publicThread, "en", { now: at(24 * 60) });
    expect(en.markdown).toContain("# Minutes: ASO");
    expect(en.markdown).toContain("### 3. 2026-11-02 11:00 — 伊藤 直子（Drug Review Centre） [Regulator]");
    expect(en.markdown).toContain("- Visible to: all forum participants");
    const restricted = await exportMinutes(store.db, regulator, restrictedThread, "en");
    expect(restricted.markdown).toContain("- Visible to: members of Oligonucleotide Consortium only");
    expect(restricted.json.thread.consortium?.id).toBe(consortiumId);
  });
});
