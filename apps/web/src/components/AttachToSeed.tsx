import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { listSeeds, type SeedSummary, type User } from "../api.ts";
import { AsyncView } from "../components/AsyncView.tsx";
import { Empty, ErrorAlert } from "../components/Status.tsx";
import { seedTitle } from "../display.ts";
import { currentLanguage } from "../i18n/index.ts";
import { hrefs } from "../router.ts";
import { useAsync } from "../useAsync.ts";
import { useSubmit } from "../useSubmit.ts";

interface AttachToSeedProps {
  user: User;
  /** sends the attachment for the chosen seed; rejects with the server's problem */
  attach: (seedId: string) => Promise<unknown>;
  /** i18n keys under `<texts>.title`, `.intro`, `.noSeeds`, `.seed`, `.submit`, `.attaching`, `.done`, `.open` */
  texts: "rwd.attach" | "trials.attach" | "screen.attach";
  /** test ids `<testIds>-attach-panel`, `-attach-seed`, `-attach`, `-attached`, … */
  testIds: string;
}

/**
 * Attaches an engine's result (an RWD study, a trial design, an in-silico screen) to one of the user's
 * organisation's seeds as evidence; the server checks that the user may add evidence to that seed.
 */
export function AttachToSeed({ user, attach, texts, testIds }: AttachToSeedProps) {
  const { t } = useTranslation();
  const id = useId();
  const organisationId = user.organisation.id;
  const load = useCallback(() => listSeeds({ organisationId, limit: 200 }), [organisationId]);
  const { state } = useAsync(load);

  return (
    <section className="attach" aria-labelledby={`${id}-title`} data-testid={`${testIds}-attach-panel`}>
      <h3 id={`${id}-title`} className="subsection-title">
        {t(`${texts}.title`)}
      </h3>
      <p className="muted small">{t(`${texts}.intro`)}</p>
      <AsyncView state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty testId={`${testIds}-attach-no-seeds`}>{t(`${texts}.noSeeds`)}</Empty>
          ) : (
            <AttachForm seeds={page.items} attach={attach} texts={texts} testIds={testIds} />
          )
        }
      </AsyncView>
    </section>
  );
}

function AttachForm({
  seeds,
  attach,
  texts,
  testIds,
}: { seeds: SeedSummary[] } & Omit<AttachToSeedProps, "user">) {
  const { t } = useTranslation();
  const id = useId();
  const lang = currentLanguage();
  const [seedId, setSeedId] = useState(seeds[0]?.id ?? "");
  const [attachedTo, setAttachedTo] = useState<string | null>(null);
  const { submitting, error, run } = useSubmit();

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAttachedTo(null);
    const attached = await run(() => attach(seedId));
    if (attached) setAttachedTo(seedId);
  }

  return (
    <form className="inline-form" onSubmit={handleSubmit} aria-busy={submitting}>
      <div className="field attach-seed">
        <label htmlFor={`${id}-seed`}>{t(`${texts}.seed`)}</label>
        <select
          id={`${id}-seed`}
          value={seedId}
          onChange={(event) => {
            setSeedId(event.target.value);
            setAttachedTo(null);
          }}
          data-testid={`${testIds}-attach-seed`}
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
        data-testid={`${testIds}-attach`}
      >
        {submitting ? t(`${texts}.attaching`) : t(`${texts}.submit`)}
      </button>
      {error !== null && <ErrorAlert error={error} testId={`${testIds}-attach-error`} />}
      {attachedTo && (
        <p className="success attach-done" role="status" data-testid={`${testIds}-attached`}>
          {t(`${texts}.done`)} <a href={hrefs.seed(attachedTo, "evidence")}>{t(`${texts}.open`)}</a>
        </p>
      )}
    </form>
  );
}
