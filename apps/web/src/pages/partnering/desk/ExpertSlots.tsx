import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldError } from "../../../api.ts";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { Badge } from "../../../components/Badge.tsx";
import { FormErrors, FormField } from "../../../components/FormField.tsx";
import { Empty } from "../../../components/Status.tsx";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs } from "../../../router.ts";
import type { AsyncState } from "../../../useAsync.ts";
import { useSubmit } from "../../../useSubmit.ts";
import { type OpenHoursSlot, publishSlots, SLOT_MODES, type SlotInput, type SlotMode } from "./api.ts";
import { formatSlotTime, modeLabel } from "./labels.tsx";

const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240];
const WEEKS = [1, 2, 3, 4, 6, 8];

/** An expert's Open Hours: their slots (booked ones with the case) and a form to publish more. */
export function ExpertSlots({
  state,
  onPublished,
}: {
  state: AsyncState<OpenHoursSlot[]>;
  onPublished: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <section aria-labelledby="desk-my-slots-title" data-testid="desk-my-slots">
      <h2 id="desk-my-slots-title" className="section-title">
        {t("partnering.desk.mySlots.title")}
      </h2>
      <p className="muted small">{t("partnering.desk.mySlots.intro")}</p>
      <AsyncView state={state}>
        {(slots) =>
          slots.length === 0 ? (
            <Empty testId="desk-my-slots-empty">{t("partnering.desk.mySlots.empty")}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="desk-my-slot-table">
                <thead>
                  <tr>
                    <th scope="col">{t("partnering.desk.mySlots.time")}</th>
                    <th scope="col">{t("partnering.desk.mySlots.mode")}</th>
                    <th scope="col">{t("partnering.desk.mySlots.booking")}</th>
                  </tr>
                </thead>
                <tbody>
                  {slots.map((slot) => (
                    <tr
                      key={slot.id}
                      data-testid="desk-my-slot"
                      data-slot-id={slot.id}
                      data-booked={slot.booking ? "true" : "false"}
                    >
                      <td className="nowrap">{formatSlotTime(t, slot.startsAt, slot.endsAt, lang)}</td>
                      <td>{modeLabel(t, slot.mode)}</td>
                      <td>
                        {slot.cancelled ? (
                          <Badge tone="neutral">{t("partnering.desk.mySlots.cancelled")}</Badge>
                        ) : slot.booking ? (
                          <a href={hrefs.deskCase(slot.booking.caseId)} data-testid="desk-my-slot-case">
                            {t("partnering.desk.mySlots.bookedCase")}
                          </a>
                        ) : (
                          <Badge tone="success">{t("partnering.desk.mySlots.free")}</Badge>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>
      <PublishForm onPublished={onPublished} />
    </section>
  );
}

/** Tomorrow's date in Japan, the first day a new slot can sensibly start. */
function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });
}

function PublishForm({ onPublished }: { onPublished: () => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [date, setDate] = useState(tomorrow);
  const [time, setTime] = useState("14:00");
  const [minutes, setMinutes] = useState(45);
  const [weeks, setWeeks] = useState(1);
  const [mode, setMode] = useState<SlotMode>("online");
  const [published, setPublished] = useState<number | null>(null);
  const { submitting, error, fieldErrors, run } = useSubmit();
  const inputId = (field: string) => `${ids}-${field}`;

  // the server names slots.<i>.startsAt / endsAt: show them at the date and duration fields
  const firstError = (suffix: string): FieldError | undefined =>
    Object.entries(fieldErrors).find(([field]) => field.startsWith("slots") && field.endsWith(suffix))?.[1];
  const fieldLabel = (field: string) =>
    field.endsWith("startsAt")
      ? t("partnering.desk.mySlots.date")
      : field.endsWith("endsAt")
        ? t("partnering.desk.mySlots.duration")
        : undefined;
  const fieldInput = (field: string) => inputId(field.endsWith("endsAt") ? "duration" : "date");

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPublished(null);
    // the desk works in Japan time, whatever the browser's time zone
    const start = new Date(`${date}T${time}:00+09:00`);
    const slots: SlotInput[] = Number.isNaN(start.getTime())
      ? // an unreadable date or time goes as typed: the server names the field
        [{ startsAt: `${date}T${time}`, endsAt: `${date}T${time}`, mode }]
      : Array.from({ length: weeks }, (_, week) => {
          const startsAt = new Date(start.getTime() + week * 7 * 86_400_000);
          return {
            startsAt: startsAt.toISOString(),
            endsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
            mode,
          };
        });
    const result = await run(() => publishSlots(slots));
    if (result) {
      setPublished(result.length);
      onPublished();
    }
  }

  return (
    <form className="form card" onSubmit={handleSubmit} noValidate data-testid="desk-publish-form">
      <h3 className="subsection-title">{t("partnering.desk.mySlots.publishTitle")}</h3>
      {published !== null && (
        <p className="notice-box" role="status" data-testid="desk-publish-success">
          {t("partnering.desk.mySlots.published", { count: published })}
        </p>
      )}
      {error !== null && (
        <FormErrors testId="desk-publish-errors" error={error} fieldLabel={fieldLabel} inputId={fieldInput} />
      )}
      <div className="form-grid form-grid-4">
        <FormField
          id={inputId("date")}
          label={t("partnering.desk.mySlots.date")}
          required
          error={firstError("startsAt")}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              value={date}
              onChange={(event) => setDate(event.target.value)}
              data-testid="desk-publish-date"
            />
          )}
        </FormField>
        <FormField id={inputId("time")} label={t("partnering.desk.mySlots.start")} required>
          {(control) => (
            <input
              {...control}
              type="time"
              step={300}
              value={time}
              onChange={(event) => setTime(event.target.value)}
              data-testid="desk-publish-time"
            />
          )}
        </FormField>
        <FormField
          id={inputId("duration")}
          label={t("partnering.desk.mySlots.duration")}
          error={firstError("endsAt")}
        >
          {(control) => (
            <select
              {...control}
              value={minutes}
              onChange={(event) => setMinutes(Number(event.target.value))}
              data-testid="desk-publish-duration"
            >
              {DURATIONS.map((m) => (
                <option key={m} value={m}>
                  {t("partnering.desk.mySlots.minutes", { count: m })}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField id={inputId("mode")} label={t("partnering.desk.mySlots.mode")}>
          {(control) => (
            <select
              {...control}
              value={mode}
              onChange={(event) => setMode(event.target.value as SlotMode)}
              data-testid="desk-publish-mode"
            >
              {SLOT_MODES.map((m) => (
                <option key={m} value={m}>
                  {modeLabel(t, m)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id={inputId("weeks")}
          label={t("partnering.desk.mySlots.weeks")}
          hint={t("partnering.desk.mySlots.weeksHint")}
        >
          {(control) => (
            <select
              {...control}
              value={weeks}
              onChange={(event) => setWeeks(Number(event.target.value))}
              data-testid="desk-publish-weeks"
            >
              {WEEKS.map((w) => (
                <option key={w} value={w}>
                  {t("partnering.desk.mySlots.weekCount", { count: w })}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting}
          data-testid="desk-publish-submit"
        >
          {submitting ? t("form.saving") : t("partnering.desk.mySlots.publish")}
        </button>
      </div>
    </form>
  );
}
