import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  addEvidence,
  type Evidence,
  type EvidenceInput,
  listEvidence,
  type SeedView,
  type User,
} from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import { Badge } from "../../components/Badge.tsx";
import { EnumSelect } from "../../components/EnumSelect.tsx";
import { FormErrors, FormField } from "../../components/FormField.tsx";
import { Empty } from "../../components/Status.tsx";
import { enumLabel, isChampionData, isPartner } from "../../display.ts";
import { formatDate } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useAsync } from "../../useAsync.ts";
import { useSubmit } from "../../useSubmit.ts";

interface EvidenceTabProps {
  view: SeedView;
  user: User;
}

export function EvidenceTab({ view, user }: EvidenceTabProps) {
  const { t } = useTranslation();
  const seedId = view.seed.id;
  const load = useCallback(() => listEvidence(seedId), [seedId]);
  const { state, setData } = useAsync(load);

  return (
    <AsyncView state={state} locked={{ seedId, canRequest: isPartner(user.roles) }}>
      {(evidence) => (
        <div className="stack">
          <section aria-labelledby="evidence-title">
            <h2 id="evidence-title" className="section-title">
              {t("evidence.title")}
            </h2>
            <p className="muted small">{t("evidence.intro")}</p>
            <EvidenceTable evidence={evidence} />
          </section>
          {view.access === "owner" && (
            <EvidenceForm seedId={seedId} onAdded={(added) => setData([...evidence, added])} />
          )}
        </div>
      )}
    </AsyncView>
  );
}

function EvidenceTable({ evidence }: { evidence: Evidence[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  if (evidence.length === 0) return <Empty testId="evidence-empty">{t("evidence.empty")}</Empty>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="evidence-table">
        <thead>
          <tr>
            <th scope="col">{t("evidence.fields.kind")}</th>
            <th scope="col">{t("evidence.fields.title")}</th>
            <th scope="col">{t("evidence.fields.result")}</th>
            <th scope="col">{t("evidence.fields.performedOn")}</th>
            <th scope="col">{t("evidence.fields.performedBy")}</th>
            <th scope="col" className="num">
              {t("evidence.fields.replications")}
            </th>
            <th scope="col">{t("evidence.fields.reproducedByOtherLab")}</th>
            <th scope="col">{t("evidence.fields.integrityLevel")}</th>
          </tr>
        </thead>
        <tbody>
          {evidence.map((e) => (
            <tr key={e.id} data-testid="evidence-row">
              <td className="nowrap">{enumLabel(t, "evidenceKind", e.kind)}</td>
              <td>
                {e.title}
                {e.files.length > 0 && (
                  <ul className="file-list">
                    {e.files.map((file) => (
                      <li key={file.id}>
                        <a
                          href={`/api/seeds/${encodeURIComponent(e.seedId)}/files/${encodeURIComponent(file.id)}`}
                        >
                          {file.name}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="prose">{e.result}</td>
              <td className="nowrap">{formatDate(e.performedOn, lang)}</td>
              <td>{e.performedBy}</td>
              <td className="num">{e.replications}</td>
              <td>{e.reproducedByOtherLab ? t("common.yes") : t("common.no")}</td>
              <td>
                <Badge tone={e.integrityLevel === "research" ? "neutral" : "success"}>
                  {enumLabel(t, "integrity", e.integrityLevel)}
                </Badge>
                {isChampionData(e) && (
                  <>
                    {" "}
                    <Badge tone="warning" testId="champion-badge" title={t("evidence.championHint")}>
                      ⚠ {t("evidence.champion")}
                    </Badge>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const EMPTY_EVIDENCE = {
  kind: "",
  title: "",
  result: "",
  performedOn: "",
  performedBy: "",
  replications: "1",
  reproducedByOtherLab: false,
  integrityLevel: "research",
};
type EvidenceDraft = typeof EMPTY_EVIDENCE;
const EVIDENCE_FIELDS = [
  "kind",
  "title",
  "result",
  "performedOn",
  "performedBy",
  "replications",
  "reproducedByOtherLab",
  "integrityLevel",
] as const;

function EvidenceForm({ seedId, onAdded }: { seedId: string; onAdded: (evidence: Evidence) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [draft, setDraft] = useState<EvidenceDraft>(EMPTY_EVIDENCE);
  const { submitting, error, fieldErrors, run } = useSubmit();
  const [added, setAdded] = useState(false);

  const set = <K extends keyof EvidenceDraft>(name: K, value: EvidenceDraft[K]) => {
    setDraft((prev) => ({ ...prev, [name]: value }));
    setAdded(false);
  };
  const inputId = (name: string) => `${ids}-${name}`;
  const label = (name: string) => t(`evidence.fields.${name}`);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // An unchosen kind is left out, so that the server answers "required" rather than listing the kinds.
    const body = {
      ...draft,
      kind: draft.kind || undefined,
      replications: draft.replications === "" ? null : Number(draft.replications),
    } as unknown as EvidenceInput;
    const created = await run(() => addEvidence(seedId, body));
    if (created) {
      onAdded(created);
      setDraft(EMPTY_EVIDENCE);
      setAdded(true);
    }
  }

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="section-title">
        {t("evidence.add")}
      </h2>
      {error !== null && (
        <FormErrors
          testId="evidence-errors"
          error={error}
          fieldLabel={(field) =>
            (EVIDENCE_FIELDS as readonly string[]).includes(field) ? label(field) : undefined
          }
          inputId={inputId}
        />
      )}
      {added && (
        <p className="success" role="status" data-testid="evidence-added">
          {t("evidence.added")}
        </p>
      )}
      <form className="form form-grid" onSubmit={handleSubmit} noValidate data-testid="evidence-form">
        <FormField id={inputId("kind")} label={label("kind")} required error={fieldErrors.kind}>
          {(control) => (
            <EnumSelect
              {...control}
              name="kind"
              namespace="evidenceKind"
              value={draft.kind}
              onChange={(value) => set("kind", value)}
              emptyLabel={t("form.choose")}
              data-testid="evidence-field-kind"
            />
          )}
        </FormField>
        <FormField
          id={inputId("integrityLevel")}
          label={label("integrityLevel")}
          required
          error={fieldErrors.integrityLevel}
        >
          {(control) => (
            <EnumSelect
              {...control}
              name="integrityLevel"
              namespace="integrity"
              value={draft.integrityLevel}
              onChange={(value) => set("integrityLevel", value)}
              data-testid="evidence-field-integrityLevel"
            />
          )}
        </FormField>
        <FormField
          id={inputId("title")}
          label={label("title")}
          required
          error={fieldErrors.title}
          className="span-2"
        >
          {(control) => (
            <input
              {...control}
              name="title"
              value={draft.title}
              maxLength={300}
              onChange={(event) => set("title", event.target.value)}
              data-testid="evidence-field-title"
            />
          )}
        </FormField>
        <FormField
          id={inputId("result")}
          label={label("result")}
          required
          error={fieldErrors.result}
          className="span-2"
        >
          {(control) => (
            <textarea
              {...control}
              name="result"
              rows={3}
              value={draft.result}
              onChange={(event) => set("result", event.target.value)}
              data-testid="evidence-field-result"
            />
          )}
        </FormField>
        <FormField
          id={inputId("performedOn")}
          label={label("performedOn")}
          required
          error={fieldErrors.performedOn}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              name="performedOn"
              value={draft.performedOn}
              onChange={(event) => set("performedOn", event.target.value)}
              data-testid="evidence-field-performedOn"
            />
          )}
        </FormField>
        <FormField
          id={inputId("performedBy")}
          label={label("performedBy")}
          required
          error={fieldErrors.performedBy}
        >
          {(control) => (
            <input
              {...control}
              name="performedBy"
              value={draft.performedBy}
              maxLength={200}
              onChange={(event) => set("performedBy", event.target.value)}
              data-testid="evidence-field-performedBy"
            />
          )}
        </FormField>
        <FormField
          id={inputId("replications")}
          label={label("replications")}
          required
          error={fieldErrors.replications}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              name="replications"
              min={1}
              max={1000}
              step={1}
              value={draft.replications}
              onChange={(event) => set("replications", event.target.value)}
              data-testid="evidence-field-replications"
            />
          )}
        </FormField>
        <div className="field field-checkbox">
          <input
            id={inputId("reproducedByOtherLab")}
            type="checkbox"
            name="reproducedByOtherLab"
            checked={draft.reproducedByOtherLab}
            onChange={(event) => set("reproducedByOtherLab", event.target.checked)}
            data-testid="evidence-field-reproducedByOtherLab"
          />
          <label htmlFor={inputId("reproducedByOtherLab")}>{label("reproducedByOtherLab")}</label>
        </div>
        <div className="form-actions span-2">
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting}
            data-testid="evidence-submit"
          >
            {submitting ? t("form.saving") : t("evidence.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
