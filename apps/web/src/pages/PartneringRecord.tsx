import { useTranslation } from "react-i18next";
import type { User } from "../api.ts";
import { hrefs, type PartneringRecord as RecordKind } from "../router.ts";
import { ConsortiumView } from "./partnering/community/ConsortiumView.tsx";
import { ForumThreadView } from "./partnering/community/ForumThreadView.tsx";
import { DeskCaseView } from "./partnering/desk/DeskCaseView.tsx";

const BACK_TAB = { "desk-case": "desk", consortium: "consortia", "forum-thread": "forum" } as const;

/** One partnering record on its own page: a desk case, a consortium or a forum thread. */
export function PartneringRecord({ record, id, user }: { record: RecordKind; id: string; user: User }) {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid={`partnering-record-${record}`}>
      <p className="breadcrumb">
        <a href={hrefs.partnering(BACK_TAB[record])} data-testid="back-to-partnering">
          ← {t("partnering.backToPartnering")}
        </a>
      </p>
      {record === "desk-case" && <DeskCaseView id={id} user={user} />}
      {record === "consortium" && <ConsortiumView id={id} user={user} />}
      {record === "forum-thread" && <ForumThreadView id={id} user={user} />}
    </div>
  );
}
