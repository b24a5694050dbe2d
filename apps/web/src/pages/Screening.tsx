import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { listScreenLibraries, listScreenTargets } from "../api.ts";
import { AsyncView } from "../components/AsyncView.tsx";
import { Tabs } from "../components/Tabs.tsx";
import { hrefs, navigate, SCREEN_TABS, type ScreenTab } from "../router.ts";
import { useAsync } from "../useAsync.ts";
import { usePageHeading } from "../usePageHeading.ts";
import { Catalogue } from "./screen/Catalogue.tsx";
import { RunList } from "./screen/RunList.tsx";
import { ScreenForm } from "./screen/ScreenForm.tsx";

/**
 * In-silico screening: the organisation's screens, a new screen (filters, similarity to known actives,
 * docking) and the compound libraries and target structures they use. Each run has its own page.
 */
export function Screening({ tab }: { tab: ScreenTab }) {
  const { t } = useTranslation();
  const headingRef = usePageHeading(t("screen.title"));
  return (
    <div className="page" data-testid="screen-page">
      <h1 className="page-title" ref={headingRef} tabIndex={-1}>
        {t("screen.title")}
      </h1>
      <p className="muted lead">{t("screen.intro")}</p>
      <Tabs
        tabs={SCREEN_TABS.map((id) => ({ id, label: t(`screen.tabs.${id}`) }))}
        selected={tab}
        onSelect={(next) => navigate(hrefs.screen(next))}
        idPrefix="screen"
        label={t("screen.tabsLabel")}
      />
      <section
        className="tab-panel"
        role="tabpanel"
        id="screen-panel"
        aria-labelledby={`screen-tab-${tab}`}
        data-testid={`screen-panel-${tab}`}
      >
        {tab === "runs" && <RunList />}
        {tab === "new" && <NewScreen />}
        {tab === "catalogue" && <Catalogue />}
      </section>
    </div>
  );
}

/** The form waits for the libraries and targets it offers. */
function NewScreen() {
  const load = useCallback(async () => {
    const [libraries, targets] = await Promise.all([listScreenLibraries(), listScreenTargets()]);
    return { libraries, targets };
  }, []);
  const { state } = useAsync(load);
  return (
    <AsyncView state={state}>
      {({ libraries, targets }) => <ScreenForm libraries={libraries} targets={targets} />}
    </AsyncView>
  );
}
