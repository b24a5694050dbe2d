import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { EnumSelect } from "../../../components/EnumSelect.tsx";
import { FormErrors, FormField } from "../../../components/FormField.tsx";
import { hrefs } from "../../../router.ts";
import { useSubmit } from "../../../useSubmit.ts";
import {
  type CaseIntakeInput,
  DESK_TOPICS,
  type DeskCase,
  type DeskTopic,
  submitDeskCase,
  URGENCIES,
  type Urgency,
} from "./api.ts";
import { topicLabel, urgencyLabel } from "./labels.tsx";

const EMPTY: CaseIntakeInput = { topic: "", stage: "", urgency: "normal", description: "" };

/** The desk's intake (MEDISO-style): topic, where the project stands, urgency and the question. */
export function IntakeForm({ onSubmitted }: { onSubmitted: (created: DeskCase) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [input, setInput] = useState<CaseIntakeInput>(EMPTY);
  const [created, setCreated] = useState<DeskCase | null>(null);
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => `${ids}-${field}`;
  const fieldLabel = (field: string) =>
    ["topic", "stage", "urgency", "description"].includes(field)
      ? t(`partnering.desk.intake.${field}`)
      : undefined;
  const set = <K extends keyof CaseIntakeInput>(key: K, value: CaseIntakeInput[K]) =>
    setInput((prev) => ({ ...prev, [key]: value }));

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCreated(null);
    const result = await run(() => submitDeskCase(input));
    if (result) {
      setInput(EMPTY);
      setCreated(result);
      onSubmitted(result);
    }
  }

  return (
    <section className="card" aria-labelledby="desk-intake-title">
      <h2 id="desk-intake-title" className="section-title">
        {t("partnering.desk.intake.title")}
      </h2>
      <p className="muted small">{t("partnering.desk.intake.intro")}</p>
      {created && (
        <div className="notice-box" role="status" data-testid="desk-intake-success">
          <p>
            {created.expert
              ? t("partnering.desk.intake.createdAssigned", { expert: created.expert.name })
              : t("partnering.desk.intake.createdWaiting")}{" "}
            <a href={hrefs.deskCase(created.id)} data-testid="desk-intake-case-link">
              {t("partnering.desk.intake.openCase")}
            </a>
          </p>
        </div>
      )}
      <form className="form" onSubmit={handleSubmit} noValidate data-testid="desk-intake-form">
        {error !== null && (
          <FormErrors testId="desk-intake-errors" error={error} fieldLabel={fieldLabel} inputId={inputId} />
        )}
        <div className="form-grid">
          <FormField
            id={inputId("topic")}
            label={t("partnering.desk.intake.topic")}
            required
            error={fieldErrors.topic}
          >
            {(control) => (
              <select
                {...control}
                name="topic"
                value={input.topic}
                onChange={(event) => set("topic", event.target.value as DeskTopic | "")}
                data-testid="desk-intake-topic"
              >
                <option value="">{t("partnering.desk.intake.choose")}</option>
                {DESK_TOPICS.map((topic) => (
                  <option key={topic} value={topic}>
                    {topicLabel(t, topic)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            id={inputId("stage")}
            label={t("partnering.desk.intake.stage")}
            required
            error={fieldErrors.stage}
          >
            {(control) => (
              <EnumSelect
                {...control}
                name="stage"
                namespace="stage"
                value={input.stage}
                emptyLabel={t("partnering.desk.intake.choose")}
                onChange={(value) => set("stage", value as CaseIntakeInput["stage"])}
                data-testid="desk-intake-stage"
              />
            )}
          </FormField>
          <FormField
            id={inputId("urgency")}
            label={t("partnering.desk.intake.urgency")}
            error={fieldErrors.urgency}
          >
            {(control) => (
              <select
                {...control}
                name="urgency"
                value={input.urgency}
                onChange={(event) => set("urgency", event.target.value as Urgency)}
                data-testid="desk-intake-urgency"
              >
                {URGENCIES.map((urgency) => (
                  <option key={urgency} value={urgency}>
                    {urgencyLabel(t, urgency)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            id={inputId("description")}
            className="span-all"
            label={t("partnering.desk.intake.description")}
            hint={t("partnering.desk.intake.descriptionHint")}
            required
            error={fieldErrors.description}
          >
            {(control) => (
              <textarea
                {...control}
                name="description"
                rows={5}
                maxLength={8000}
                value={input.description}
                placeholder={t("partnering.desk.intake.descriptionPlaceholder")}
                onChange={(event) => set("description", event.target.value)}
                data-testid="desk-intake-description"
              />
            )}
          </FormField>
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting}
            data-testid="desk-intake-submit"
          >
            {submitting ? t("form.sending") : t("partnering.desk.intake.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
