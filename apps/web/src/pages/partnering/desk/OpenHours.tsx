import { useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { Badge } from "../../../components/Badge.tsx";
import { Empty } from "../../../components/Status.tsx";
import { enumLabel, organisationName } from "../../../display.ts";
import { formatDate } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs } from "../../../router.ts";
import { useAsync } from "../../../useAsync.ts";
import { useSubmit } from "../../../useSubmit.ts";
import {
  bookSlot,
  DESK_TOPICS,
  type DeskCase,
  type DeskCaseSummary,
  listOpenSlots,
  type OpenHoursSlot,
} from "./api.ts";
import { formatSlotTime, modeLabel, ProblemAlert, TopicBadges, topicLabel } from "./labels.tsx";

/**
 * Open Hours: the free slots of the desk's experts, each bookable for one of the requester's open
 * cases (one without an expert yet, or one the slot's expert already has). A slot someone else booked
 * first is refused by the server with its own message (slot-taken), shown at the slot.
 */
export function OpenHours({
  myOpenCases,
  onBooked,
}: {
  myOpenCases: DeskCaseSummary[];
  onBooked: (booked: DeskCase) => void;
}) {
  const { t } = useTranslation();
  const filterId = useId();
  const [topic, setTopic] = useState("");
  const [booked, setBooked] = useState<DeskCase | null>(null);
  const load = useCallback(() => listOpenSlots(topic ? { topic } : {}), [topic]);
  const { state, reload } = useAsync(load);

  return (
    <section aria-labelledby="desk-open-hours-title" data-testid="desk-open-hours">
      <h2 id="desk-open-hours-title" className="section-title">
        {t("partnering.desk.openHours.title")}
      </h2>
      <p className="muted small">{t("partnering.desk.openHours.intro")}</p>
      <div className="filters desk-filters">
        <div className="field">
          <label htmlFor={`${filterId}-topic`}>{t("partnering.desk.openHours.filterTopic")}</label>
          <select
            id={`${filterId}-topic`}
            value={topic}
            onChange={(event) => setTopic(event.target.value)}
            data-testid="desk-slot-filter-topic"
          >
            <option value="">{t("partnering.desk.cases.all")}</option>
            {DESK_TOPICS.map((s) => (
              <option key={s} value={s}>
                {topicLabel(t, s)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {booked && <BookedNotice booked={booked} />}
      <AsyncView state={state}>
        {(slots) =>
          slots.length === 0 ? (
            <Empty testId="desk-slots-empty">{t("partnering.desk.openHours.empty")}</Empty>
          ) : (
            <ul className="card-list desk-slot-list" data-testid="desk-slot-list">
              {slots.map((slot) => (
                <SlotItem
                  key={slot.id}
                  slot={slot}
                  cases={myOpenCases.filter((c) => c.expert === null || c.expert.id === slot.expert.id)}
                  onBooked={(result) => {
                    setBooked(result);
                    onBooked(result);
                    reload();
                  }}
                />
              ))}
            </ul>
          )
        }
      </AsyncView>
    </section>
  );
}

function BookedNotice({ booked }: { booked: DeskCase }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const last = booked.bookings[booked.bookings.length - 1];
  return (
    <div className="notice-box" role="status" data-testid="desk-booked">
      <p>
        {t("partnering.desk.openHours.booked", {
          when: last ? formatSlotTime(t, last.startsAt, last.endsAt, lang) : "",
          expert: last?.expert.name ?? booked.expert?.name ?? "",
        })}{" "}
        <a href={hrefs.deskCase(booked.id)} data-testid="desk-booked-case-link">
          {t("partnering.desk.intake.openCase")}
        </a>
      </p>
    </div>
  );
}

function SlotItem({
  slot,
  cases,
  onBooked,
}: {
  slot: OpenHoursSlot;
  cases: DeskCaseSummary[];
  onBooked: (booked: DeskCase) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [caseId, setCaseId] = useState(cases[0]?.id ?? "");
  const chosen = cases.some((c) => c.id === caseId) ? caseId : (cases[0]?.id ?? "");
  const { submitting, error, run } = useSubmit();
  const selectId = `desk-slot-case-${slot.id}`;

  async function book() {
    if (!chosen) return;
    const result = await run(() => bookSlot(slot.id, chosen));
    if (result) onBooked(result);
  }

  return (
    <li
      className="card desk-slot"
      data-testid="desk-slot"
      data-slot-id={slot.id}
      data-expert-id={slot.expert.id}
    >
      <div className="desk-slot-head">
        <p className="desk-slot-time" data-testid="desk-slot-time">
          {formatSlotTime(t, slot.startsAt, slot.endsAt, lang)}
        </p>
        <Badge tone="neutral">{modeLabel(t, slot.mode)}</Badge>
      </div>
      <p>
        <span data-testid="desk-slot-expert">{slot.expert.name}</span>{" "}
        <TopicBadges topics={slot.expert.topics} />
      </p>
      {cases.length === 0 ? (
        <p className="muted small" data-testid="desk-slot-no-case">
          {t("partnering.desk.openHours.noCase")}
        </p>
      ) : (
        <div className="inline-form desk-slot-book">
          <label htmlFor={selectId}>{t("partnering.desk.openHours.forCase")}</label>
          <select
            id={selectId}
            value={chosen}
            onChange={(event) => setCaseId(event.target.value)}
            data-testid="desk-slot-case"
          >
            {cases.map((c) => (
              <option key={c.id} value={c.id}>
                {t("partnering.desk.openHours.caseOption", {
                  topic: topicLabel(t, c.topic),
                  stage: enumLabel(t, "stage", c.stage),
                  organisation: organisationName(c.requester.organisation, lang),
                  requester: c.requester.name,
                  date: formatDate(c.createdAt, lang),
                })}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-primary button-small"
            onClick={() => void book()}
            disabled={submitting || !chosen}
            data-testid="desk-slot-book"
          >
            {submitting ? t("form.sending") : t("partnering.desk.openHours.book")}
          </button>
        </div>
      )}
      {error !== null && <ProblemAlert error={error} testId="desk-slot-error" />}
    </li>
  );
}
