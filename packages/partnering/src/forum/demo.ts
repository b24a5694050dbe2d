import type { Database } from "@kakehashi/store";
import type { Kysely } from "kysely";
import { consortiumDb } from "../consortia/schema.ts";
import { demoAccount } from "../desk/demo.ts";
import { addPost, createThread } from "./forum.ts";
import { forumDb } from "./schema.ts";

const jst = (today: string, days: number, hour: number, minute = 0) => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour - 9, minute, 0, 0);
  return d;
};

/**
 * Two forum threads: an open discussion of off-target assessment for oligonucleotides in which a
 * researcher, a company, a mentor and the regulator take part (the regulator's posts marked), and a
 * thread of the demo consortium on the secondary use of specimens. Runs once.
 */
export async function seedForumDemo(
  store: Kysely<Database>,
  today: string,
): Promise<{ threads: number; posts: number }> {
  if ((await forumDb(store).selectFrom("partnering_forum_threads").select("id").limit(1).execute()).length)
    return { threads: 0, posts: 0 };
  const researcher = await demoAccount(store, "researcher@toto-u.example");
  const company = await demoAccount(store, "bd@sakura-pharma.example");
  const regulator = await demoAccount(store, "reviewer@regulator.example");
  const mentor = await demoAccount(store, "mentor@core-hospital.example");
  let posts = 0;

  const open = await createThread(
    store,
    researcher,
    {
      title:
        "アンチセンス核酸のオフターゲット評価：どこまでが非臨床で必要か / Off-target assessment of ASOs: how much is needed non-clinically?",
      topic: "new_modality",
      body: "エクソンスキッピング核酸を開発しています。in silico の相補性検索で候補を絞り、ヒト細胞での RNA-seq で確認する方針ですが、治験届までにこれで十分でしょうか。\n\nWe develop an exon-skipping ASO. We plan to shortlist candidates by in-silico complementarity search and confirm by RNA-seq in human cells. Is this enough before the clinical trial notification?",
    },
    { now: jst(today, -9, 10) },
  );
  posts++;
  for (const [who, body, days, hour] of [
    [
      company,
      "企業側では、ミスマッチ 2 塩基までの候補をすべて評価し、発現量の高い組織由来の細胞を選んでいます。ガイドラインの考え方とも整合させたいところです。\n\nIn industry we assess every candidate up to two mismatches, in cells from tissues where the target is highly expressed.",
      -9,
      15,
    ],
    [
      regulator,
      "一般論としてお答えします。ハイブリダイゼーション依存のオフターゲットは、相補性検索とヒト細胞での発現解析の組み合わせで評価する考え方が示されています。個別品目の充足性は、対面助言（RS 戦略相談など）でご相談ください。\n\nSpeaking generally: hybridisation-dependent off-target effects are assessed by combining complementarity searches with expression analysis in human cells. Whether a given product's package is sufficient is a matter for a formal consultation.",
      -8,
      11,
    ],
    [
      mentor,
      "伴走支援の経験から：ヒト細胞の選択理由と、検出感度（どの程度の発現低下まで見えるか）を資料に明記すると議論が早く進みます。\n\nFrom mentoring experience: state why the human cells were chosen and the detection sensitivity of the assay.",
      -8,
      16,
    ],
    [
      regulator,
      "補足です。RNA-seq の解析条件（閾値、反復数）は事前に固定しておくことをお勧めします。\n\nOne addition: fix the RNA-seq analysis settings (thresholds, replicates) in advance.",
      -7,
      10,
    ],
    [
      researcher,
      "ありがとうございます。相談資料に感度と解析条件を明記します。\n\nThank you: we will state the sensitivity and analysis settings in the briefing document.",
      -7,
      13,
    ],
  ] as const) {
    await addPost(store, who, open.id, { body }, { now: jst(today, days, hour) });
    posts++;
  }

  const consortium = await consortiumDb(store)
    .selectFrom("partnering_consortia")
    .select("id")
    .orderBy("created_at")
    .executeTakeFirst();
  let threads = 1;
  if (consortium) {
    const restricted = await createThread(
      store,
      company,
      {
        title: "共有検体の二次利用と同意の範囲 / Secondary use of shared specimens and the scope of consent",
        topic: "rwd",
        consortiumId: consortium.id,
        body: "規約第 3 条について、既存の包括同意で企業との共同研究に使える範囲を確認したいと思います。\n\nOn Art. 3 of the terms: how far does the existing broad consent cover joint research with companies?",
      },
      { now: jst(today, -2, 10) },
    );
    await addPost(
      store,
      regulator,
      restricted.id,
      {
        body: "同意文書に記載された利用目的の範囲内であることが前提です。範囲外の場合は倫理審査委員会での審査が必要です。\n\nUse must stay within the purposes stated in the consent; beyond them, ethics committee review is needed.",
      },
      { now: jst(today, -1, 14) },
    );
    threads++;
    posts += 2;
  }
  return { threads, posts };
}
