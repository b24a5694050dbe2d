import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { SeedView, User } from "../../../api.ts";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { Badge } from "../../../components/Badge.tsx";
import { Empty } from "../../../components/Status.tsx";
import { organisationName } from "../../../display.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { useAsync } from "../../../useAsync.ts";
import { getSeedMatches, type RankedMentor, type RankedPartner } from "./api.ts";
import { FeedbackForm, ScoreBar, termLabel, WhyToggle } from "./shared.tsx";

const PROGRAMME_STAFF = ["admin", "funder"];
const OWNER_ROLES = ["researcher", "tlo"];

/** Owners (researchers, TLO of the seed's organisation) answer matches; programme staff only look. */
export const isSeedOwner = (user: User, seedOrganisationId: string) =>
  user.organisation.id === seedOrganisationId && user.roles.some((r) => OWNER_ROLES.includes(r));
export const canSeeSeedMatches = (user: User, seedOrganisationId: string) =>
  isSeedOwner(user, seedOrganisationId) || user.roles.some((r) => PROGRAMME_STAFF.includes(r));

/** The seed page's "Partners" tab: ranked partners for the seed's owners and programme staff. */
export function SeedPartnersTab({ view, user }: { view: SeedView; user: User }) {
  const { t } = useTranslation();
  if (!canSeeSeedMatches(user, view.seed.organisation.id))
    return (
      <p className="notice-box" data-testid="seed-partners-info">
        {t("partnering.matching.seedPartners.othersInfo")}
      </p>
    );
  return <SeedPartners seedId={view.seed.id} canAnswer={isSeedOwner(user, view.seed.organisation.id)} />;
}

/** Ranked companies, investors and mentors for one seed, each with its explanation. */
export function SeedPartners({ seedId, canAnswer }: { seedId: string; canAnswer: boolean }) {
  const { t } = useTranslation();
  const load = useCallback(() => getSeedMatches(seedId), [seedId]);
  const { state } = useAsync(load);
  return (
    <div className="stack" data-testid="seed-partners">
      <AsyncView state={state}>
        {(m) => (
          <>
            <p className="muted small" data-testid="seed-partners-weights">
              {t("partnering.matching.seedPartners.weightsSource", {
                source: termLabel(t, "weightsSource", m.weights.source),
              })}{" "}
              {m.readinessVisible
                ? t("partnering.matching.seedPartners.readinessVisible")
                : t("partnering.matching.seedPartners.readinessHidden")}
            </p>
            <PartnerSection
              title={t("partnering.matching.seedPartners.companies")}
              testId="matches-companies"
              items={m.companies}
              seedId={seedId}
              canAnswer={canAnswer}
            />
            <PartnerSection
              title={t("partnering.matching.seedPartners.investors")}
              testId="matches-investors"
              items={m.investors}
              seedId={seedId}
              canAnswer={canAnswer}
            />
            <PartnerSection
              title={t("partnering.matching.seedPartners.mentors")}
              testId="matches-mentors"
              items={m.mentors}
              seedId={seedId}
              canAnswer={canAnswer}
            />
          </>
        )}
      </AsyncView>
    </div>
  );
}

interface PartnerSectionProps {
  title: string;
  testId: string;
  items: (RankedPartner | RankedMentor)[];
  seedId: string;
  canAnswer: boolean;
}

function PartnerSection({ title, testId, items, seedId, canAnswer }: PartnerSectionProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <section className="match-section" data-testid={testId}>
      <h3 className="subsection-title">{title}</h3>
      {items.length === 0 ? (
        <Empty>{t("partnering.matching.seedPartners.none")}</Empty>
      ) : (
        <ol className="card-list match-list">
          {items.map((item) => (
            <li
              key={`${item.kind}-${item.party.id}`}
              className="card match-item"
              data-testid="partner-match"
              data-party-id={item.party.id}
            >
              <div className="match-head">
                <span className="match-rank">
                  <span className="visually-hidden">{t("partnering.matching.rank")} </span>
                  {item.rank}
                </span>
                <span className="match-name">
                  <strong>{organisationName(item.party, lang)}</strong>
                  {item.kind === "mentor" && (
                    <span className="muted small"> — {organisationName(item.party.organisation, lang)}</span>
                  )}
                </span>
                {item.kind === "mentor" && !item.available && (
                  <Badge tone="warning">{t("partnering.matching.seedPartners.atCapacity")}</Badge>
                )}
                <ScoreBar score={item.score} testId="match-score" />
              </div>
              <WhyToggle features={item.features} />
              {canAnswer && <FeedbackForm seedId={seedId} party={{ kind: item.kind, id: item.party.id }} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
