import { useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { listRwdSources, listRwdStudies, type RwdSource, type RwdStudy, type User } from "../api.ts";
import { AsyncView } from "../components/AsyncView.tsx";
import { Empty } from "../components/Status.tsx";
import { formatMegabytes } from "../format.ts";
import { currentLanguage } from "../i18n/index.ts";
import { useAsync } from "../useAsync.ts";
import { usePageHeading } from "../usePageHeading.ts";
import { QualityPanel } from "./rwd/QualityPanel.tsx";
import { StudyForm } from "./rwd/StudyForm.tsx";
import { StudyList } from "./rwd/StudyList.tsx";
import { StudyResult } from "./rwd/StudyResult.tsx";

/** Real-world data: pick a source, check its quality, run a comparative safety study, read the report. */
export function RealWorldData({ user }: { user: User }) {
  const { t } = useTranslation();
  const headingRef = usePageHeading(t("rwd.title"));
  const sources = useAsync(listRwdSources);
  const studies = useAsync(listRwdStudies);
  const [source, setSource] = useState("");
  const [shown, setShown] = useState<RwdStudy | null>(null);

  // The first source is chosen once the list arrives.
  const sourceList = sources.state.status === "ready" ? sources.state.data : null;
  useEffect(() => {
    if (sourceList && !sourceList.some((s) => s.name === source)) setSource(sourceList[0]?.name ?? "");
  }, [sourceList, source]);

  const { state: studiesState, setData: setStudies } = studies;
  const handleRun = useCallback(
    (study: RwdStudy) => {
      setShown(study);
      const previous = studiesState.status === "ready" ? studiesState.data : [];
      setStudies([study, ...previous.filter((s) => s.id !== study.id)]);
    },
    [studiesState, setStudies],
  );

  return (
    <div className="page" data-testid="rwd-page">
      <h1 className="page-title" ref={headingRef} tabIndex={-1}>
        {t("rwd.title")}
      </h1>
      <p className="muted lead">{t("rwd.intro")}</p>

      <AsyncView state={sources.state}>
        {(list) => (
          <div className="stack">
            <SourcePicker sources={list} value={source} onChange={setSource} />
            {source && <QualityPanel key={source} source={source} />}
            <StudyForm source={source} onRun={handleRun} />
          </div>
        )}
      </AsyncView>

      {shown && <StudyResult key={shown.id} study={shown} user={user} />}

      <AsyncView state={studiesState}>
        {(list) => <StudyList studies={list} shownId={shown?.id ?? null} onShow={setShown} />}
      </AsyncView>
    </div>
  );
}

interface SourcePickerProps {
  sources: RwdSource[];
  value: string;
  onChange: (name: string) => void;
}

function SourcePicker({ sources, value, onChange }: SourcePickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  const selected = sources.find((s) => s.name === value);

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t("rwd.source.title")}
      </h2>
      {sources.length === 0 ? (
        <Empty testId="rwd-no-sources">{t("rwd.source.none")}</Empty>
      ) : (
        <div className="source-picker">
          <div className="field">
            <label htmlFor={`${id}-source`}>{t("rwd.source.label")}</label>
            <select
              id={`${id}-source`}
              value={value}
              onChange={(event) => onChange(event.target.value)}
              data-testid="rwd-source"
            >
              {sources.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          {selected && (
            <p className="muted small" data-testid="rwd-source-size">
              {t("rwd.source.size", { size: formatMegabytes(selected.sizeBytes, lang) })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
