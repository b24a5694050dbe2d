import { useCallback, useEffect, useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { User } from "../../../api.ts";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { Badge } from "../../../components/Badge.tsx";
import { Empty } from "../../../components/Status.tsx";
import { enumLabel, organisationName } from "../../../display.ts";
import { formatDate } from "../../../format.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs, navigate } from "../../../router.ts";
import { type AsyncState, useAsync } from "../../../useAsync.ts";
import {
  CASE_STATUSES,
  type CaseBooking,
  canListCases,
  canRequestConsultation,
  canViewDeskMetrics,
  DESK_TOPICS,
  type DeskCaseSummary,
  getDeskCase,
  isDeskAdmin,
  isDeskExpert,
  listDeskCases,
  listMySlots,
  type OpenHoursSlot,
} from "./api.ts";
import { DeskMetricsView } from "./DeskMetricsView.tsx";
import { ExpertSlots } from "./ExpertSlots.tsx";
import { IntakeForm } from "./IntakeForm.tsx";
import { formatSlotTime, StatusBadge, statusLabel, topicLabel, UrgencyBadge } from "./labels.tsx";
import { OpenHours } from "./OpenHours.tsx";
import "./desk.css";

type NextBooking = Pick<CaseBooking, "startsAt" | "endsAt">;
const NO_CASES: DeskCaseSummary[] = [];
const NO_SLOTS: OpenHoursSlot[] = [];

/**
 * The consultation desk: requesters ask (intake) and book Open Hours for their organisation's cases;
 * experts see the cases assigned to them and publish their slots; admins see every case; those who
 * steer the desk see its metrics. The server decides what each may see; this shows each role its part.
 */
export function DeskTab({ user, params }: { user: User; params: URLSearchParams }) {
  const { t } = useTranslation();
  const roles = user.roles;
  const requester = canRequestConsultation(roles);
  const expert = isDeskExpert(roles);
  const listable = canListCases(roles);

  const loadCases = useCallback(
    () => (listable ? listDeskCases() : Promise.resolve<DeskCaseSummary[]>([])),
    [listable],
  );
  const cases = useAsync(loadCases);
  const loadSlots = useCallback(
    () => (expert ? listMySlots() : Promise.resolve<OpenHoursSlot[]>([])),
    [expert],
  );
  const mySlots = useAsync(loadSlots);
  const reloadCases = cases.reload;
  const reloadMySlots = mySlots.reload;

  // the requester's own open cases, to book Open Hours for
  const myOpenCases = useMemo(
    () =>
      cases.state.status === "ready"
        ? cases.state.data.filter(
            (c) => c.status !== "closed" && c.requester.organisation.id === user.organisation.id,
          )
        : [],
    [cases.state, user.organisation.id],
  );

  return (
    <div className="stack desk" data-testid="desk-tab">
      <p className="muted">{t("partnering.desk.intro")}</p>
      {requester && <IntakeForm onSubmitted={reloadCases} />}
      {listable && (
        <CaseList
          user={user}
          params={params}
          state={cases.state}
          mySlots={mySlots.state.status === "ready" ? mySlots.state.data : NO_SLOTS}
        />
      )}
      {requester && <OpenHours myOpenCases={myOpenCases} onBooked={reloadCases} />}
      {expert && (
        <ExpertSlots
          state={mySlots.state}
          onPublished={() => {
            reloadMySlots();
            reloadCases();
          }}
        />
      )}
      {canViewDeskMetrics(roles) && <DeskMetricsView />}
    </div>
  );
}

interface CaseListProps {
  user: User;
  params: URLSearchParams;
  state: AsyncState<DeskCaseSummary[]>;
  mySlots: OpenHoursSlot[];
}

function CaseList({ user, params, state, mySlots }: CaseListProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const filterId = useId();
  const status = params.get("status") ?? "";
  const topic = params.get("topic") ?? "";
  const requester = canRequestConsultation(user.roles);
  const expert = isDeskExpert(user.roles);
  const title = isDeskAdmin(user.roles)
    ? t("partnering.desk.cases.titleAdmin")
    : expert && !requester
      ? t("partnering.desk.cases.titleExpert")
      : requester && !expert
        ? t("partnering.desk.cases.titleRequester")
        : t("partnering.desk.cases.title");

  const setFilter = (key: "status" | "topic", value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    navigate(hrefs.partnering("desk", next));
  };

  const cases = state.status === "ready" ? state.data : NO_CASES;
  const nextBookings = useNextBookings(cases, user, mySlots);

  return (
    <section aria-labelledby="desk-cases-title" data-testid="desk-cases">
      <h2 id="desk-cases-title" className="section-title">
        {title}
      </h2>
      <div className="filters desk-filters">
        <div className="field">
          <label htmlFor={`${filterId}-status`}>{t("partnering.desk.cases.filterStatus")}</label>
          <select
            id={`${filterId}-status`}
            value={status}
            onChange={(event) => setFilter("status", event.target.value)}
            data-testid="desk-filter-status"
          >
            <option value="">{t("partnering.desk.cases.all")}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(t, s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${filterId}-topic`}>{t("partnering.desk.cases.filterTopic")}</label>
          <select
            id={`${filterId}-topic`}
            value={topic}
            onChange={(event) => setFilter("topic", event.target.value)}
            data-testid="desk-filter-topic"
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
      <AsyncView state={state}>
        {(all) => {
          const shown = all.filter((c) => (!status || c.status === status) && (!topic || c.topic === topic));
          if (shown.length === 0)
            return <Empty testId="desk-cases-empty">{t("partnering.desk.cases.empty")}</Empty>;
          return (
            <div className="table-wrap">
              <table className="table" data-testid="desk-case-table">
                <thead>
                  <tr>
                    <th scope="col">{t("partnering.desk.fields.topic")}</th>
                    <th scope="col">{t("partnering.desk.fields.requester")}</th>
                    <th scope="col">{t("partnering.desk.fields.stage")}</th>
                    <th scope="col">{t("partnering.desk.fields.urgency")}</th>
                    <th scope="col">{t("partnering.desk.fields.status")}</th>
                    <th scope="col">{t("partnering.desk.fields.expert")}</th>
                    <th scope="col">{t("partnering.desk.fields.nextBooking")}</th>
                    <th scope="col">{t("partnering.desk.fields.createdAt")}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((c) => {
                    const booking = nextBookings.get(c.id);
                    return (
                      <tr
                        key={c.id}
                        data-testid="desk-case-row"
                        data-case-id={c.id}
                        data-status={c.status}
                        className={c.overdueFollowUps > 0 ? "row-late" : undefined}
                      >
                        <td>
                          <a href={hrefs.deskCase(c.id)} data-testid="desk-case-link">
                            {topicLabel(t, c.topic)}
                          </a>
                          {c.overdueFollowUps > 0 && (
                            <>
                              {" "}
                              <Badge tone="danger" testId="desk-case-overdue">
                                {t("partnering.desk.cases.overdue", { count: c.overdueFollowUps })}
                              </Badge>
                            </>
                          )}
                        </td>
                        <td>
                          {organisationName(c.requester.organisation, lang)}
                          <span className="muted small desk-block">{c.requester.name}</span>
                        </td>
                        <td>{enumLabel(t, "stage", c.stage)}</td>
                        <td>
                          <UrgencyBadge urgency={c.urgency} />
                        </td>
                        <td>
                          <StatusBadge status={c.status} />
                        </td>
                        <td data-testid="desk-case-expert">
                          {c.expert?.name ?? (
                            <span className="muted">{t("partnering.desk.cases.noExpert")}</span>
                          )}
                        </td>
                        <td data-testid="desk-case-booking">
                          {booking ? (
                            formatSlotTime(t, booking.startsAt, booking.endsAt, lang)
                          ) : (
                            <span className="muted">—</span>
                          )}
                        </td>
                        <td className="nowrap">{formatDate(c.createdAt, lang)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          );
        }}
      </AsyncView>
    </section>
  );
}

/**
 * The next booking of each listed case: an expert's from their own slots (one request); a requester's
 * from their organisation's open cases (a few reads). Other cases show none.
 */
function useNextBookings(
  cases: DeskCaseSummary[],
  user: User,
  mySlots: OpenHoursSlot[],
): Map<string, NextBooking> {
  const [fromCases, setFromCases] = useState<Map<string, NextBooking>>(new Map());
  const requester = canRequestConsultation(user.roles);
  const ownOpen = useMemo(
    () =>
      requester
        ? cases
            .filter((c) => c.status !== "closed" && c.requester.organisation.id === user.organisation.id)
            .slice(0, 20)
            .map((c) => c.id)
        : [],
    [cases, requester, user.organisation.id],
  );

  // read again whenever the list is (after an intake or a booking)
  useEffect(() => {
    if (ownOpen.length === 0) return;
    let current = true;
    Promise.all(ownOpen.map((id) => getDeskCase(id).catch(() => null))).then((details) => {
      if (!current) return;
      const now = Date.now();
      const next = new Map<string, NextBooking>();
      for (const d of details) {
        const upcoming = d?.bookings.find((b) => new Date(b.endsAt).getTime() > now);
        if (d && upcoming) next.set(d.id, upcoming);
      }
      setFromCases(next);
    });
    return () => {
      current = false;
    };
  }, [ownOpen]);

  return useMemo(() => {
    const out = new Map(fromCases);
    const now = Date.now();
    for (const s of mySlots) {
      if (!s.booking || s.cancelled || new Date(s.endsAt).getTime() <= now) continue;
      const known = out.get(s.booking.caseId);
      if (!known || known.startsAt > s.startsAt) out.set(s.booking.caseId, s);
    }
    return out;
  }, [fromCases, mySlots]);
}
