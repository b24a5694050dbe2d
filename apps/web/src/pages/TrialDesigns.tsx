import { type ReactNode, useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  listRwdStudies,
  listTrialDesigns,
  type RwdStudy,
  type StoredTrialDesign,
  type TrialDesignRequest,
  type User,
} from "../api.ts";
import { AsyncView } from "../components/AsyncView.tsx";
import { canUseRwd } from "../display.ts";
import { type AsyncState, useAsync } from "../useAsync.ts";
import { usePageHeading } from "../usePageHeading.ts";
import { DesignForm } from "./trials/DesignForm.tsx";
import { DesignList } from "./trials/DesignList.tsx";
import { DesignResult, type ShownDesign } from "./trials/DesignResult.tsx";
import { type Draft, fromRequest, initialDraft } from "./trials/draft.ts";

const noStudies = () => Promise.resolve(null);

/**
 * Trial design: a two-arm Bayesian design, its priors (borrowing from historical trials or external
 * controls), success rule and scenarios; the server evaluates its operating characteristics, keeps it and
 * writes its report.
 */
export function TrialDesigns({ user }: { user: User }) {
  const { t } = useTranslation();
  const headingRef = usePageHeading(t("trials.title"));
  const rwd = canUseRwd(user.roles);
  const studies = useAsync<RwdStudy[] | null>(rwd ? listRwdStudies : noStudies);
  const designs = useAsync(listTrialDesigns);
  // each design put on show gets a new key, so that its result is mounted (and announced) afresh
  const [shown, setShownState] = useState<{ key: number; design: ShownDesign } | null>(null);
  const setShown = useCallback(
    (design: ShownDesign) => setShownState((prev) => ({ key: (prev?.key ?? 0) + 1, design })),
    [],
  );
  const [form, setForm] = useState<{ key: number; initial: Draft }>(() => ({
    key: 0,
    initial: initialDraft(rwd),
  }));
  const formRef = useRef<HTMLDivElement>(null);

  const { state: designsState, setData: setDesigns } = designs;
  const handleSaved = useCallback(
    (design: StoredTrialDesign) => {
      setShown({ spec: design.spec, evaluation: design.evaluation, stored: design });
      const previous = designsState.status === "ready" ? designsState.data : [];
      setDesigns([design, ...previous.filter((d) => d.id !== design.id)]);
    },
    [designsState, setDesigns, setShown],
  );
  const handleEdit = useCallback((spec: TrialDesignRequest) => {
    setForm((prev) => ({ key: prev.key + 1, initial: fromRequest(spec) }));
    formRef.current?.scrollIntoView({ block: "start" });
  }, []);

  return (
    <div className="page" data-testid="trials-page">
      <h1 className="page-title" ref={headingRef} tabIndex={-1}>
        {t("trials.title")}
      </h1>
      <p className="muted lead">{t("trials.intro")}</p>

      <div ref={formRef}>
        <RwdStudies state={studies.state}>
          {(list) => (
            <DesignForm
              key={form.key}
              initial={form.initial}
              rwdStudies={list}
              onEvaluated={(spec, evaluation) => setShown({ spec, evaluation, stored: null })}
              onSaved={handleSaved}
            />
          )}
        </RwdStudies>
      </div>

      {shown && <DesignResult key={shown.key} shown={shown.design} user={user} onEdit={handleEdit} />}

      <AsyncView state={designsState}>
        {(list) => (
          <DesignList
            designs={list}
            shownId={shown?.design.stored?.id ?? null}
            onShow={(design) =>
              setShown({ spec: design.spec, evaluation: design.evaluation, stored: design })
            }
          />
        )}
      </AsyncView>
    </div>
  );
}

/** The wizard waits for the RWD study list (external controls); without it, it works with typed summaries. */
function RwdStudies({
  state,
  children,
}: {
  state: AsyncState<RwdStudy[] | null>;
  children: (studies: RwdStudy[] | null) => ReactNode;
}) {
  // A failed list (e.g. RWD not configured) must not block the wizard: external controls are then typed in.
  if (state.status === "error") return <>{children(null)}</>;
  return <AsyncView state={state}>{children}</AsyncView>;
}
