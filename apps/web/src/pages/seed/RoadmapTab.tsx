import type { PlotOptions } from "@observablehq/plot";
import { type FormEvent, useCallback, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type Agreement,
  addMilestone,
  getRoadmap,
  type Milestone,
  type MilestoneBody,
  type Roadmap,
  type SeedView,
  type User,
} from "../../api.ts";
import { AsyncView } from "../../components/AsyncView.tsx";
import { Badge } from "../../components/Badge.tsx";
import { EnumSelect } from "../../components/EnumSelect.tsx";
import { FormErrors, FormField } from "../../components/FormField.tsx";
import { PlotChart, type PlotLibrary } from "../../components/PlotChart.tsx";
import { Empty } from "../../components/Status.tsx";
import { enumLabel, isPartner, organisationName } from "../../display.ts";
import { formatDate, formatJpy } from "../../format.ts";
import { currentLanguage } from "../../i18n/index.ts";
import { useAsync } from "../../useAsync.ts";
import { useSubmit } from "../../useSubmit.ts";
import { OWNER_SIDES } from "../../vocabulary.ts";

/** Owner-side colours of the Gantt chart (academia indigo, company amber) and the "late" outline. */
const SIDE_COLOURS = ["#3a48a0", "#d98b00"];
const LATE_COLOUR = "#a3192b";

interface RoadmapTabProps {
  view: SeedView;
  user: User;
}

export function RoadmapTab({ view, user }: RoadmapTabProps) {
  const seedId = view.seed.id;
  const load = useCallback(() => getRoadmap(seedId), [seedId]);
  const { state, setData } = useAsync(load);

  return (
    <AsyncView state={state} locked={{ seedId, canRequest: isPartner(user.roles) }}>
      {(roadmap) => (
        <div className="stack">
          <Milestones roadmap={roadmap} />
          <Agreements agreements={roadmap.agreements} />
          {view.access === "owner" && <MilestoneForm seedId={seedId} onAdded={setData} />}
        </div>
      )}
    </AsyncView>
  );
}

function Milestones({ roadmap }: { roadmap: Roadmap }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { milestones } = roadmap;

  return (
    <section aria-labelledby="roadmap-milestones">
      <h2 id="roadmap-milestones" className="section-title">
        {t("roadmap.milestones")}{" "}
        {roadmap.lateCount > 0 && (
          <Badge tone="danger" testId="late-count">
            {t("roadmap.lateCount", { count: roadmap.lateCount })}
          </Badge>
        )}
      </h2>
      {milestones.length === 0 ? (
        <Empty testId="milestones-empty">{t("roadmap.empty")}</Empty>
      ) : (
        <>
          <Gantt milestones={milestones} />
          <div className="table-wrap">
            <table className="table" data-testid="milestone-table">
              <thead>
                <tr>
                  <th scope="col">{t("roadmap.fields.title")}</th>
                  <th scope="col">{t("roadmap.fields.ownerSide")}</th>
                  <th scope="col">{t("roadmap.fields.startsOn")}</th>
                  <th scope="col">{t("roadmap.fields.dueOn")}</th>
                  <th scope="col">{t("roadmap.fields.deliverable")}</th>
                  <th scope="col">{t("roadmap.fields.goCriteria")}</th>
                  <th scope="col">{t("roadmap.decision")}</th>
                </tr>
              </thead>
              <tbody>
                {milestones.map((m) => (
                  <tr
                    key={m.id}
                    data-testid="milestone-row"
                    data-late={m.late}
                    className={m.late ? "row-late" : undefined}
                  >
                    <td>
                      {m.title}
                      {m.late && (
                        <>
                          {" "}
                          <Badge tone="danger" testId="milestone-late">
                            ⚠ {t("roadmap.late")}
                          </Badge>
                        </>
                      )}
                    </td>
                    <td>{enumLabel(t, "ownerSide", m.ownerSide)}</td>
                    <td className="nowrap">{formatDate(m.startsOn, lang)}</td>
                    <td className="nowrap">{formatDate(m.dueOn, lang)}</td>
                    <td>{m.deliverable}</td>
                    <td>{m.goCriteria}</td>
                    <td>
                      {enumLabel(t, "decision", m.decision)}
                      {m.decidedOn && (
                        <div className="muted small nowrap">{formatDate(m.decidedOn, lang)}</div>
                      )}
                      {m.completedOn && (
                        <div className="muted small">
                          {t("roadmap.completedOn", { date: formatDate(m.completedOn, lang) })}
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

const utcDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** Milestones as bars from start to due date, coloured by owner side; late ones outlined and marked. */
function Gantt({ milestones }: { milestones: Milestone[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();

  const build = useCallback(
    (Plot: PlotLibrary, available: number): PlotOptions => {
      const titleOf = new Map(milestones.map((m) => [m.id, m.title]));
      const rows = milestones.map((m) => ({
        ...m,
        start: utcDate(m.startsOn),
        // a one-day milestone still shows as a bar: it ends at the end of its due day
        end: new Date(utcDate(m.dueOn).getTime() + 86_400_000),
      }));
      const tip = (m: Milestone) =>
        `${m.title}\n${enumLabel(t, "ownerSide", m.ownerSide)}: ${formatDate(m.startsOn, lang)} – ${formatDate(m.dueOn, lang)}${m.late ? `\n${t("roadmap.late")}` : ""}`;
      return {
        width: Math.max(available, 560),
        height: 48 + rows.length * 34,
        marginLeft: 200,
        marginRight: 70,
        style: { fontSize: "12px", fontFamily: "inherit" },
        x: { type: "utc", grid: true, label: null },
        y: { domain: rows.map((r) => r.id), label: null },
        color: {
          domain: [...OWNER_SIDES],
          range: SIDE_COLOURS,
          legend: true,
          tickFormat: (side: string) => enumLabel(t, "ownerSide", side),
        },
        marks: [
          Plot.axisY({
            tickFormat: (id: string) => titleOf.get(id) ?? id,
            lineWidth: 12,
            textOverflow: "ellipsis",
            label: null,
          }),
          Plot.barX(rows, {
            x1: "start",
            x2: "end",
            y: "id",
            fill: "ownerSide",
            stroke: (r: Milestone) => (r.late ? LATE_COLOUR : "none"),
            strokeWidth: 3,
            inset: 4,
            title: tip,
          }),
          Plot.text(
            rows.filter((r) => r.late),
            {
              x: "end",
              y: "id",
              text: () => `⚠ ${t("roadmap.late")}`,
              dx: 6,
              textAnchor: "start",
              fill: LATE_COLOUR,
              fontWeight: 700,
            },
          ),
          Plot.ruleX([new Date()], { stroke: LATE_COLOUR, strokeDasharray: "4,3" }),
        ],
      };
    },
    [milestones, t, lang],
  );

  return (
    <figure className="figure">
      <PlotChart build={build} label={t("roadmap.ganttLabel")} testId="gantt-chart" />
      <figcaption className="muted small">{t("roadmap.ganttCaption")}</figcaption>
    </figure>
  );
}

function Agreements({ agreements }: { agreements: Agreement[] }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <section aria-labelledby="roadmap-agreements">
      <h2 id="roadmap-agreements" className="section-title">
        {t("roadmap.agreements")}
      </h2>
      {agreements.length === 0 ? (
        <Empty testId="agreements-empty">{t("roadmap.noAgreements")}</Empty>
      ) : (
        <ul className="card-list">
          {agreements.map((a) => (
            <li key={a.id} className="card" data-testid="agreement">
              <h3 className="subsection-title">
                {organisationName(a.companyOrganisation, lang)}{" "}
                <Badge>{enumLabel(t, "programme", a.scheme)}</Badge>
              </h3>
              <dl className="facts">
                <div>
                  <dt>{t("roadmap.signedOn")}</dt>
                  <dd>{formatDate(a.signedOn, lang)}</dd>
                </div>
                <div>
                  <dt>{t("roadmap.companyMoney")}</dt>
                  <dd data-testid="agreement-money">{formatJpy(a.companyMoneyJpy, lang)}</dd>
                </div>
                <div>
                  <dt>{t("roadmap.inKind")}</dt>
                  <dd>
                    {a.inKindDescription || "—"}
                    {a.inKindJpy != null && <> ({formatJpy(a.inKindJpy, lang)})</>}
                  </dd>
                </div>
              </dl>
              <h4 className="small-title">{t("roadmap.roleSplit")}</h4>
              <p className="prose">{a.roleSplit}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const EMPTY_MILESTONE = {
  title: "",
  ownerSide: "academia",
  startsOn: "",
  dueOn: "",
  deliverable: "",
  goCriteria: "",
};
type MilestoneDraft = typeof EMPTY_MILESTONE;
const MILESTONE_FIELDS = Object.keys(EMPTY_MILESTONE) as (keyof MilestoneDraft)[];

function MilestoneForm({ seedId, onAdded }: { seedId: string; onAdded: (roadmap: Roadmap) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [draft, setDraft] = useState<MilestoneDraft>(EMPTY_MILESTONE);
  const { submitting, error, fieldErrors, run } = useSubmit();

  const inputId = (field: string) => `${ids}-${field}`;
  const label = (field: string) => t(`roadmap.fields.${field}`);
  const set = (name: keyof MilestoneDraft, value: string) => setDraft((prev) => ({ ...prev, [name]: value }));

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run(() => addMilestone(seedId, draft as MilestoneBody));
    if (result) {
      onAdded(result);
      setDraft(EMPTY_MILESTONE);
    }
  }

  const text = (name: keyof MilestoneDraft, type = "text") => (
    <FormField id={inputId(name)} label={label(name)} required error={fieldErrors[name]}>
      {(control) => (
        <input
          {...control}
          type={type}
          name={name}
          value={draft[name]}
          onChange={(event) => set(name, event.target.value)}
          data-testid={`milestone-field-${name}`}
        />
      )}
    </FormField>
  );

  return (
    <section className="card" aria-labelledby={`${ids}-heading`}>
      <h2 id={`${ids}-heading`} className="section-title">
        {t("roadmap.add")}
      </h2>
      {error !== null && (
        <FormErrors
          testId="milestone-errors"
          error={error}
          fieldLabel={(field) => ((MILESTONE_FIELDS as string[]).includes(field) ? label(field) : undefined)}
          inputId={inputId}
        />
      )}
      <form className="form form-grid" onSubmit={handleSubmit} noValidate data-testid="milestone-form">
        {text("title")}
        <FormField
          id={inputId("ownerSide")}
          label={label("ownerSide")}
          required
          error={fieldErrors.ownerSide}
        >
          {(control) => (
            <EnumSelect
              {...control}
              name="ownerSide"
              namespace="ownerSide"
              value={draft.ownerSide}
              onChange={(value) => set("ownerSide", value)}
              data-testid="milestone-field-ownerSide"
            />
          )}
        </FormField>
        {text("startsOn", "date")}
        {text("dueOn", "date")}
        {text("deliverable")}
        {text("goCriteria")}
        <div className="form-actions span-2">
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting}
            data-testid="milestone-submit"
          >
            {submitting ? t("form.saving") : t("roadmap.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}
