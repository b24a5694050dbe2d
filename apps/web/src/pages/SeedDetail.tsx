import { lazy, Suspense, useCallback } from "react";
import { useTranslation } from "react-i18next";
import { getSeed, type SeedView, type User } from "../api.ts";
import { Badge } from "../components/Badge.tsx";
import { ErrorAlert, Loading } from "../components/Status.tsx";
import { Tabs } from "../components/Tabs.tsx";
import { enumLabel, organisationName, seedTitle } from "../display.ts";
import { currentLanguage, otherLanguage } from "../i18n/index.ts";
import { hrefs, navigate, SEED_TABS, type SeedTab } from "../router.ts";
import { useAsync } from "../useAsync.ts";
import { usePageHeading } from "../usePageHeading.ts";
import { AccessTab } from "./seed/AccessTab.tsx";
import { EvidenceTab } from "./seed/EvidenceTab.tsx";
import { IpTab } from "./seed/IpTab.tsx";
import { LagTab } from "./seed/LagTab.tsx";
import { ReadinessTab } from "./seed/ReadinessTab.tsx";
import { RoadmapTab } from "./seed/RoadmapTab.tsx";
import { SummaryTab } from "./seed/SummaryTab.tsx";

// Matching loads with partnering's code, on first use.
const SeedPartnersTab = lazy(() =>
  import("./partnering/matching/SeedPartnersTab.tsx").then((m) => ({ default: m.SeedPartnersTab })),
);

interface SeedDetailProps {
  id: string;
  tab: SeedTab;
  user: User;
}

const ACCESS_TONE = { owner: "success", grant: "info", public: "neutral" } as const;

export function SeedDetail({ id, tab, user }: SeedDetailProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const load = useCallback(() => getSeed(id), [id]);
  const { state, reload } = useAsync(load);
  const title = state.status === "ready" ? seedTitle(state.data.seed, lang) : null;
  const headingRef = usePageHeading(title);

  return (
    <div className="page" data-testid="seed-detail">
      <p className="breadcrumb">
        <a href={hrefs.seeds()} data-testid="back-to-list">
          ← {t("seed.backToList")}
        </a>
      </p>
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <ErrorAlert error={state.error} />}
      {state.status === "ready" && (
        <>
          <header className="seed-header">
            <h1 className="page-title" ref={headingRef} tabIndex={-1} data-testid="seed-title">
              {title}
            </h1>
            <p className="muted seed-subtitle" lang={otherLanguage(lang)}>
              {seedTitle(state.data.seed, otherLanguage(lang))}
            </p>
            <p className="seed-meta">
              <span>{organisationName(state.data.seed.organisation, lang)}</span>
              <Badge tone="info">{enumLabel(t, "stage", state.data.seed.stage)}</Badge>
              <Badge>{enumLabel(t, "modality", state.data.seed.modality)}</Badge>
              <Badge tone={ACCESS_TONE[state.data.access]} testId="seed-access">
                {t(`seed.access.${state.data.access}`)}
              </Badge>
            </p>
          </header>
          <Tabs
            tabs={SEED_TABS.map((id) => ({ id, label: t(`seed.tabs.${id}`) }))}
            selected={tab}
            onSelect={(next) => navigate(hrefs.seed(id, next))}
            idPrefix="seed"
            label={t("seed.tabsLabel")}
          />
          <section
            className="tab-panel"
            role="tabpanel"
            id="seed-panel"
            aria-labelledby={`seed-tab-${tab}`}
            data-testid={`panel-${tab}`}
          >
            <TabContent tab={tab} view={state.data} user={user} onSeedChanged={reload} />
          </section>
        </>
      )}
    </div>
  );
}

interface TabContentProps {
  tab: SeedTab;
  view: SeedView;
  user: User;
  onSeedChanged: () => void;
}

function TabContent({ tab, view, user, onSeedChanged }: TabContentProps) {
  switch (tab) {
    case "summary":
      return <SummaryTab view={view} onSeedChanged={onSeedChanged} />;
    case "evidence":
      return <EvidenceTab view={view} user={user} />;
    case "readiness":
      return <ReadinessTab view={view} user={user} />;
    case "ip":
      return <IpTab view={view} user={user} />;
    case "roadmap":
      return <RoadmapTab view={view} user={user} />;
    case "access":
      return <AccessTab view={view} user={user} />;
    case "partners":
      return (
        <Suspense fallback={<Loading />}>
          <SeedPartnersTab view={view} user={user} />
        </Suspense>
      );
    case "lag":
      return <LagTab view={view} />;
  }
}
