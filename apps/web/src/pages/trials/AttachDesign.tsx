import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { attachTrialDesign, listSeeds, type SeedSummary, type User } from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import { Empty, ErrorAlert } from "../../components/Status.tsx";
import { seedTitle } from "../../display.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { hrefs } from "../../router.ts";
import { useAsync } from "../../useAsync.ts";
import { useSubmit } from "../../useSubmit.ts";

/** Attaches a saved design to one of the user's organisation's seeds as evidence (the server checks ownership). */
export function AttachDesign({ designId, user }: { designId: string; user: User }) {
  const { t } = useTranslation();
  const id = useId();
  const organisationId = user.organisation.id;
  const load = useCallback(() => listSeeds({ organisationId, limit: 200 }), [organisationId]);
  const { state } = useAsync(load);

  return (
    <section className="attach" aria-labelledby={`${id}-title`} data-testid="design-attach-panel">
      <h3 id={`${id}-title`} className="subsection-title">
        {t("trials.attach.title")}
      </h3>
      <p className="muted small">{t("trials.attach.intro")}</p>
      <AsyncView state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty testId="design-attach-no-seeds">{t("trials.attach.noSeeds")}</Empty>
          ) : (
            <AttachForm designId={designId} seeds={page.items} />
          )
        }
      </AsyncView>
    </section>
  );
}

function AttachForm({ designId, seeds }: { designId: string; seeds: SeedSummary[] }) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  const [seedId, setSeedId] = useState(seeds[0]?.id ?? "");
  const [attachedTo, setAttachedTo] = useState<string | null>(null);
  const { submitting, error, run } = useSubmit();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAttachedTo(null);
    const attached = await run(() => attachTrialDesign(designId, seedId));
    if (attached) setAttachedTo(seedId);
  }

  return (
    <form className="inline-form" onSubmit={handleSubmit} aria-busy={submitting}>
      <div className="field attach-seed">
        <label htmlFor={`${id}-seed`}>{t("trials.attach.seed")}</label>
        <select
          id={`${id}-seed`}
          value={seedId}
          onChange={(event) => {
            setSeedId(event.target.value);
            setAttachedTo(null);
          }}
          data-testid="design-attach-seed"
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
        data-testid="design-attach"
      >
        {submitting ? t("trials.attach.attaching") : t("trials.attach.submit")}
      </button>
      {error !== null && <ErrorAlert error={error} testId="design-attach-error" />}
      {attachedTo && (
        <p className="success attach-done" role="status" data-testid="design-attached">
          {t("trials.attach.done")} <a href={hrefs.seed(attachedTo, "evidence")}>{t("trials.attach.open")}</a>
        </p>
      )}
    </form>
  );
}
