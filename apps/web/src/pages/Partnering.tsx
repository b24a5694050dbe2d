import { useTranslation } from "react-i18next";
import type { User } from "../api.ts";
import { Tabs } from "../components/Tabs.tsx";
import { partneringTabsFor } from "../display.ts";
import { hrefs, navigate, type PartneringTab } from "../router.ts";
import { usePageHeading } from "../usePageHeading.ts";
import { ConsortiaTab } from "./partnering/community/ConsortiaTab.tsx";
import { ForumTab } from "./partnering/community/ForumTab.tsx";
import { DeskTab } from "./partnering/desk/DeskTab.tsx";
import { NotificationsTab } from "./partnering/desk/NotificationsTab.tsx";
import { MatchesTab } from "./partnering/matching/MatchesTab.tsx";
import { OutreachTab } from "./partnering/matching/OutreachTab.tsx";
import { ProfileTab } from "./partnering/matching/ProfileTab.tsx";
import { ReportsTab } from "./partnering/matching/ReportsTab.tsx";

/**
 * Partnering (report area 1): who could take a seed further and why, the outreach that follows, the
 * consultation desk, consortia and the forum. Each tab wires one area of @kakehashi/partnering.
 */
export function Partnering({
  tab,
  params,
  user,
}: {
  tab: PartneringTab;
  params: URLSearchParams;
  user: User;
}) {
  const { t } = useTranslation();
  const headingRef = usePageHeading(t("partnering.title"));
  const tabs = partneringTabsFor(user.roles);
  const selected = tabs.includes(tab) ? tab : tabs[0];

  return (
    <div className="page" data-testid="partnering-page">
      <h1 className="page-title" ref={headingRef} tabIndex={-1}>
        {t("partnering.title")}
      </h1>
      <p className="muted lead">{t("partnering.intro")}</p>
      {selected && (
        <>
          <Tabs
            tabs={tabs.map((id) => ({ id, label: t(`partnering.tabs.${id}`) }))}
            selected={selected}
            onSelect={(next) => navigate(hrefs.partnering(next))}
            idPrefix="partnering"
            label={t("partnering.tabsLabel")}
          />
          <section
            className="tab-panel"
            role="tabpanel"
            id="partnering-panel"
            aria-labelledby={`partnering-tab-${selected}`}
            data-testid={`partnering-panel-${selected}`}
          >
            <TabContent key={`${selected}?${params.toString()}`} tab={selected} params={params} user={user} />
          </section>
        </>
      )}
    </div>
  );
}

function TabContent({ tab, params, user }: { tab: PartneringTab; params: URLSearchParams; user: User }) {
  switch (tab) {
    case "matches":
      return <MatchesTab user={user} params={params} />;
    case "outreach":
      return <OutreachTab user={user} params={params} />;
    case "profile":
      return <ProfileTab user={user} />;
    case "reports":
      return <ReportsTab user={user} />;
    case "desk":
      return <DeskTab user={user} params={params} />;
    case "consortia":
      return <ConsortiaTab user={user} />;
    case "forum":
      return <ForumTab user={user} params={params} />;
    case "notifications":
      return <NotificationsTab user={user} />;
  }
}
