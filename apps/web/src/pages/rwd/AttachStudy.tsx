import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { attachRwdStudy, listSeeds, type RwdStudy, type SeedSummary, type User } from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import { Empty, ErrorAlert } from "../../components/Status.tsx";
import { seedTitle } from "../../display.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { hrefs } from "../../router.ts";
import { useAsync } from "../../useAsync.ts";
import { useSubmit } from "../../useSubmit.ts";

interface AttachStudyProps {
  study: RwdStudy;
  user: User;
}

/** Attaches the study to one of the user's organisation's seeds as evidence (the server checks ownership). */
export function AttachStudy({ study, user }: AttachStudyProps) {
  const { t } = useTranslation();
  const id = useId();
  const organisationId = user.organisation.id;
  const load = useCallback(() => listSeeds({ organisationId, limit: 200 }), [organisationId]);
  const { state } = useAsync(load);

  return (
    <section className="attach" aria-labelledby={`${id}-title`} data-testid="study-attach-panel">
      <h3 id={`${id}-title`} className="subsection-title">
        {t("rwd.attach.title")}
      </h3>
      <p className="muted small">{t("rwd.attach.intro")}</p>
      <AsyncView state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty testId="study-attach-no-seeds">{t("rwd.attach.noSeeds")}</Empty>
          ) : (
            <AttachForm studyId={study.id} seeds={page.items} />
          )
        }
      </AsyncView>
    </section>
  );
}

function AttachForm({ studyId, seeds }: { studyId: string; seeds: SeedSummary[] }) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  const [seedId, setSeedId] = useState(seeds[0]?.id ?? "");
  const [attachedTo, setAttachedTo] = useState<string | null>(null);
  const { submitting, error, run } = useSubmit();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAttachedTo(null);
    const attached = await run(() => attachRwdStudy(studyId, seedId));
    if (attached) setAttachedTo(seedId);
  }

  return (
    <form className="inline-form" onSubmit={handleSubmit} aria-busy={submitting}>
      <div className="field attach-seed">
        <label htmlFor={`${id}-seed`}>{t("rwd.attach.seed")}</label>
        <select
          id={`${id}-seed`}
          value={seedId}
          onChange={(event) => {
            setSeedId(event.target.value);
            setAttachedTo(null);
          }}
          data-testid="study-attach-seed"
        >
          {seeds.map((seed) => (
            <option key={seed.id} value={seed.id}>
              {seedTitle(seed, lang)}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        className="button button-primary"
        disabled={submitting || !seedId}
        data-testid="study-attach"
      >
        {submitting ? t("rwd.attach.attaching") : t("rwd.attach.submit")}
      </button>
      {error !== null && <ErrorAlert error={error} testId="study-attach-error" />}
      {attachedTo && (
        <p className="success attach-done" role="status" data-testid="study-attached">
          {t("rwd.attach.done")} <a href={hrefs.seed(attachedTo, "evidence")}>{t("rwd.attach.open")}</a>
        </p>
      )}
    </form>
  );
}
