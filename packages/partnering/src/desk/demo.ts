import {
  type Account,
  createAccount,
  createOrganisation,
  type Database,
  DEMO_PASSWORD,
  findAccountByEmail,
} from "@kakehashi/store";
import type { Kysely } from "kysely";
import {
  acknowledgeCase,
  addCaseNote,
  addFollowUp,
  closeCase,
  completeFollowUp,
  rateCase,
  submitCase,
} from "./cases.ts";
import { declareExpert } from "./experts.ts";
import { deskDb } from "./schema.ts";
import { bookSlot, publishSlots } from "./slots.ts";

const SYSTEM = { id: null, label: "system:demo-seed" };

/** A demo account by e-mail; the community demo runs on top of the store's demo accounts. */
export async function demoAccount(store: Kysely<Database>, email: string): Promise<Account> {
  const account = await findAccountByEmail(store, email);
  if (!account) throw new Error(`demo account ${email} is missing: load the store's demo (seedDemo) first`);
  return account;
}

const DESK_ORG = {
  nameJa: "医療系ベンチャー支援窓口（デモ）",
  nameEn: "Medical Venture Support Desk (demo)",
  kind: "funder" as const,
};
const EXTRA_EXPERTS = [
  {
    email: "ip-expert@venture-desk.example",
    displayName: "松本 彩",
    topics: ["ip", "funding"] as const,
    capacity: 5,
  },
  {
    email: "global@venture-desk.example",
    displayName: "井上 健太",
    topics: ["overseas"] as const,
    capacity: 1,
  },
];

/** A university spin-out venture that asks the desk for advice (the e2e story's requester). */
export const DEMO_VENTURE = {
  organisation: { nameJa: "東都バイオ株式会社", nameEn: "Toto Bio Inc.", kind: "company" as const },
  email: "ceo@toto-bio.example",
  displayName: "佐々木 翔",
};

/** The venture's organisation and its CEO (role company), created once. */
export async function ensureDemoVenture(store: Kysely<Database>): Promise<Account> {
  const existing = await findAccountByEmail(store, DEMO_VENTURE.email);
  if (existing) return existing;
  const organisation =
    (await store
      .selectFrom("organisations")
      .select("id")
      .where("name_en", "=", DEMO_VENTURE.organisation.nameEn)
      .executeTakeFirst()) ?? (await createOrganisation(store, SYSTEM, DEMO_VENTURE.organisation));
  return createAccount(store, SYSTEM, {
    organisationId: organisation.id,
    email: DEMO_VENTURE.email,
    displayName: DEMO_VENTURE.displayName,
    password: DEMO_PASSWORD,
    roles: ["company"],
  });
}

/** `today` at hh:mm Japan time, `days` away. */
const jst = (today: string, days: number, hour: number, minute = 0) => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour - 9, minute, 0, 0);
  return d;
};
const dateOf = (today: string, days: number) => jst(today, days, 12).toISOString().slice(0, 10);

/**
 * The consultation desk's demo: three experts (the demo mentor and two desk staff), Open Hours slots in
 * the coming two weeks, and six cases in every state — closed and rated, in progress with an overdue
 * follow-up, booked into a slot, assigned, and one waiting for the desk because nobody is free; and a
 * university spin-out venture (東都バイオ, ceo@toto-bio.example) with no case yet, to ask the desk.
 * Runs once: a store that already has desk cases is left alone (the venture is added when missing).
 */
export async function seedDeskDemo(
  store: Kysely<Database>,
  today: string,
): Promise<{ cases: number; slots: number }> {
  const db = deskDb(store);
  await ensureDemoVenture(store);
  if ((await db.selectFrom("partnering_desk_cases").select("id").limit(1).execute()).length)
    return { cases: 0, slots: 0 };
  const researcher = await demoAccount(store, "researcher@toto-u.example");
  const tlo = await demoAccount(store, "tlo@toto-u.example");
  const company = await demoAccount(store, "bd@sakura-pharma.example");
  const investor = await demoAccount(store, "partner@mirai-capital.example");
  const mentor = await demoAccount(store, "mentor@core-hospital.example");

  const deskOrg =
    (await db
      .selectFrom("organisations")
      .select("id")
      .where("name_en", "=", DESK_ORG.nameEn)
      .executeTakeFirst()) ?? (await createOrganisation(store, SYSTEM, DESK_ORG));
  const experts: Record<string, Account> = {};
  for (const e of EXTRA_EXPERTS)
    experts[e.email] =
      (await findAccountByEmail(store, e.email)) ??
      (await createAccount(store, SYSTEM, {
        organisationId: deskOrg.id,
        email: e.email,
        displayName: e.displayName,
        password: DEMO_PASSWORD,
        roles: ["mentor"],
      }));
  const ipExpert = experts["ip-expert@venture-desk.example"] as Account;
  await declareExpert(store, mentor, { topics: ["regulatory", "business"], capacity: 6 });
  for (const e of EXTRA_EXPERTS)
    await declareExpert(store, experts[e.email] as Account, { topics: [...e.topics], capacity: e.capacity });

  // Open Hours: the demo mentor on Tuesdays and Thursdays at 14:00 JST, the IP expert on Wednesday mornings
  const slots = [];
  for (let day = 1; day <= 14; day++) {
    const weekday = jst(today, day, 12).getUTCDay();
    if (weekday === 2 || weekday === 4)
      slots.push({
        who: mentor,
        startsAt: jst(today, day, 14),
        endsAt: jst(today, day, 14, 45),
        mode: "online" as const,
      });
    if (weekday === 3)
      slots.push({
        who: ipExpert,
        startsAt: jst(today, day, 10),
        endsAt: jst(today, day, 10, 45),
        mode: "onsite" as const,
      });
  }
  const now = jst(today, 0, 8);
  const published = [];
  for (const who of [mentor, ipExpert]) {
    const mine = slots
      .filter((s) => s.who === who)
      .map(({ startsAt, endsAt, mode }) => ({ startsAt, endsAt, mode }));
    if (mine.length) published.push(...(await publishSlots(store, who, { slots: mine }, { now })));
  }

  const seed = await db
    .selectFrom("seeds")
    .select("id")
    .where("organisation_id", "=", researcher.organisation.id)
    .orderBy("created_at")
    .executeTakeFirst();

  // 1. closed and rated: an IP question about the researcher's own seed
  const ip = await submitCase(
    store,
    researcher,
    {
      topic: "ip",
      stage: "lead",
      urgency: "high",
      description:
        "PCT 出願から 30 か月の国内移行期限が近づいています。米国・欧州・中国のどこに移行すべきか、費用と導出の見込みから助言をお願いします。",
      seedId: seed?.id ?? null,
    },
    { now: jst(today, -40, 10) },
  );
  await acknowledgeCase(store, ipExpert, ip.id, { now: jst(today, -40, 15) });
  const f1 = await addFollowUp(
    store,
    ipExpert,
    ip.id,
    { title: "各国の年金・代理人費用の見積りを共有", dueOn: dateOf(today, -33) },
    { now: jst(today, -40, 15) },
  );
  await completeFollowUp(store, researcher, f1.id, { now: jst(today, -34, 11) });
  await addCaseNote(
    store,
    ipExpert,
    ip.id,
    { body: "導出候補 2 社が米国市場を重視。US と EP を優先、CN は見送りを推奨（見積りは社外秘）。" },
    { now: jst(today, -33, 9) },
  );
  await closeCase(
    store,
    ipExpert,
    ip.id,
    { outcome: "resolved", note: "US・EP へ移行、CN は見送り。" },
    { now: jst(today, -30, 17) },
  );
  await rateCase(store, researcher, ip.id, {
    satisfaction: 5,
    comment: "費用感まで示していただき助かりました。",
  });

  // 2. closed and referred: funding question from the TLO
  const funding = await submitCase(
    store,
    tlo,
    {
      topic: "funding",
      stage: "non_clinical",
      urgency: "normal",
      description:
        "GLP 毒性試験の費用（約 1.5 億円）を公的資金と企業資金の組み合わせで賄う方法を相談したい。",
    },
    { now: jst(today, -25, 9) },
  );
  await addCaseNote(
    store,
    ipExpert,
    funding.id,
    { body: "AMED の GAPFREE 型公募と VC のブリッジの併用を提案。詳細は VC 側の専門家へ。" },
    { now: jst(today, -24, 16) },
  );
  await closeCase(
    store,
    ipExpert,
    funding.id,
    { outcome: "referred", note: "公募の締切と VC の紹介先をお伝えしました。" },
    { now: jst(today, -12, 11) },
  );
  await rateCase(store, tlo, funding.id, { satisfaction: 4 });

  // 3. in progress with an overdue follow-up: a regulatory question from the company
  const regulatory = await submitCase(
    store,
    company,
    {
      topic: "regulatory",
      stage: "ind_enabling",
      urgency: "urgent",
      description: "ADC の非臨床パッケージについて、PMDA の RS 戦略相談の前に論点を整理したい。",
    },
    { now: jst(today, -12, 13) },
  );
  await acknowledgeCase(store, mentor, regulatory.id, { now: jst(today, -12, 17) });
  await addFollowUp(
    store,
    mentor,
    regulatory.id,
    { title: "相談資料（論点案）のドラフト提出", dueOn: dateOf(today, -3) },
    { now: jst(today, -11, 10) },
  );
  await addFollowUp(
    store,
    mentor,
    regulatory.id,
    { title: "RS 戦略相談の申込書の確認", dueOn: dateOf(today, 1) },
    { now: jst(today, -11, 10) },
  );

  // 4. booked into the demo mentor's first Open Hours slot
  const business = await submitCase(
    store,
    researcher,
    {
      topic: "business",
      stage: "hit",
      urgency: "normal",
      description: "大学発ベンチャーの設立時期と、導出か自社開発かの判断材料について話を聞きたい。",
    },
    { now: jst(today, -3, 10) },
  );
  const firstMentorSlot = published.find((s) => s.expert.id === mentor.id);
  if (firstMentorSlot && business.expert?.id === mentor.id)
    await bookSlot(store, researcher, firstMentorSlot.id, { caseId: business.id }, { now });

  // 5. assigned, not yet answered: overseas question from the investor
  await submitCase(
    store,
    investor,
    {
      topic: "overseas",
      stage: "phase1",
      urgency: "normal",
      description: "投資先の米国での第 I 相試験の実施体制（CRO 選定、FDA との Pre-IND）の相談。",
    },
    { now: jst(today, -1, 14) },
  );
  // 6. waits for the desk: the only overseas expert is at capacity
  await submitCase(
    store,
    company,
    {
      topic: "overseas",
      stage: "phase2",
      urgency: "high",
      description: "アジア国際共同治験（MRCT）に日本を含めるための体制づくりについて。",
    },
    { now: jst(today, 0, 9) },
  );
  return { cases: 6, slots: published.length };
}
