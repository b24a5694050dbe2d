import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, listOrganisations, listSeeds, type User } from "../../../api.ts";
import { AsyncView } from "../../../components/AsyncView.tsx";
import { Badge } from "../../../components/Badge.tsx";
import { Empty } from "../../../components/Status.tsx";
import { enumLabel, organisationName, pick, seedTitle } from "../../../display.ts";
import { currentLanguage } from "../../../i18n/index.ts";
import { hrefs, navigate } from "../../../router.ts";
import { useAsync } from "../../../useAsync.ts";
import { getOrganisationMatches, listOutreach, type Outreach, type RankedSeed } from "./api.ts";
import { SeedPartners } from "./SeedPartnersTab.tsx";
import { FeedbackForm, OutreachForm, OutreachStatusBadge, ScoreBar, WhyToggle } from "./shared.tsx";

const has = (user: User, ...roles: string[]) => roles.some((r) => user.roles.includes(r));

/** Matches: ranked seeds for a company or investor; ranked partners for an owner's seed; either for staff. */
export function MatchesTab({ user, params }: { user: User; params: URLSearchParams }) {
  const partnerKind = user.organisation.kind === "company" || user.organisation.kind === "investor";
  if (has(user, "company", "investor") && partnerKind)
    return <OrganisationSeedMatches orgId={user.organisation.id} own />;
  if (has(user, "researcher", "tlo")) return <OwnerMatches user={user} params={params} />;
  return <StaffMatches params={params} />;
}

const withParam = (params: URLSearchParams, key: string, value: string, drop?: string) => {
  const next = new URLSearchParams(params);
  if (value) next.set(key, value);
  else next.delete(key);
  if (drop) next.delete(drop);
  return next;
};

/** A researcher or TLO picks one of the organisation's seeds (or arrives with ?seed=…). */
function OwnerMatches({ user, params }: { user: User; params: URLSearchParams }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const load = useCallback(() => listSeeds({ organisationId: user.organisation.id, limit: 200 }), [user]);
  const { state } = useAsync(load);
  const seedId = params.get("seed") ?? "";
  return (
    <AsyncView state={state}>
      {(page) =>
        page.items.length === 0 ? (
          <Empty testId="matches-no-seeds">
            {t("partnering.matching.matches.noOwnSeeds")}{" "}
            <a href={hrefs.newSeed()}>{t("partnering.matching.matches.newSeed")}</a>
          </Empty>
        ) : (
          <div className="stack">
            <div className="field match-picker">
              <label htmlFor="matches-seed">{t("partnering.matching.matches.chooseSeed")}</label>
              <select
                id="matches-seed"
                value={seedId}
                onChange={(e) =>
                  navigate(hrefs.partnering("matches", withParam(params, "seed", e.target.value)))
                }
                data-testid="matches-seed-select"
              >
                <option value="">{t("form.choose")}</option>
                {page.items.map((s) => (
                  <option key={s.id} value={s.id}>
                    {seedTitle(s, lang)}
                  </option>
                ))}
              </select>
            </div>
            {seedId ? (
              <SeedPartners seedId={seedId} canAnswer />
            ) : (
              <p className="muted">{t("partnering.matching.matches.pickSeedHint")}</p>
            )}
          </div>
        )
      }
    </AsyncView>
  );
}

/** Programme staff look on behalf of a company or investor, or for any seed. */
function StaffMatches({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const loadOrgs = useCallback(() => listOrganisations(), []);
  const loadSeeds = useCallback(() => listSeeds({ limit: 200 }), []);
  const orgs = useAsync(loadOrgs).state;
  const seeds = useAsync(loadSeeds).state;
  const orgId = params.get("org") ?? "";
  const seedId = params.get("seed") ?? "";
  return (
    <div className="stack">
      <p className="muted small">{t("partnering.matching.matches.staffIntro")}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="matches-org">{t("partnering.matching.matches.chooseOrganisation")}</label>
          <AsyncView state={orgs}>
            {(list) => (
              <select
                id="matches-org"
                value={orgId}
                onChange={(e) =>
                  navigate(hrefs.partnering("matches", withParam(params, "org", e.target.value, "seed")))
                }
                data-testid="matches-org-select"
              >
                <option value="">{t("form.choose")}</option>
                {list
                  .filter((o) => o.kind === "company" || o.kind === "investor")
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {organisationName(o, lang)}
                    </option>
                  ))}
              </select>
            )}
          </AsyncView>
        </div>
        <div className="field">
          <label htmlFor="matches-seed">{t("partnering.matching.matches.chooseAnySeed")}</label>
          <AsyncView state={seeds}>
            {(page) => (
              <select
                id="matches-seed"
                value={seedId}
                onChange={(e) =>
                  navigate(hrefs.partnering("matches", withParam(params, "seed", e.target.value, "org")))
                }
                data-testid="matches-seed-select"
              >
                <option value="">{t("form.choose")}</option>
                {page.items.map((s) => (
                  <option key={s.id} value={s.id}>
                    {seedTitle(s, lang)} — {organisationName(s.organisation, lang)}
                  </option>
                ))}
              </select>
            )}
          </AsyncView>
        </div>
      </div>
      {orgId && <OrganisationSeedMatches orgId={orgId} own={false} />}
      {!orgId && seedId && <SeedPartners seedId={seedId} canAnswer={false} />}
      {!orgId && !seedId && <p className="muted">{t("partnering.matching.matches.pickEither")}</p>}
    </div>
  );
}

/** Outreach the organisation has open or accepted, by seed: no second outreach to the same seed. */
async function loadOrgMatches(orgId: string, own: boolean) {
  const [matches, outreach] = await Promise.all([
    getOrganisationMatches(orgId),
    own ? listOutreach().then((o) => o.sent) : Promise.resolve([] as Outreach[]),
  ]);
  const bySeed = new Map<string, Outreach>();
  for (const o of outreach) if (o.status === "sent" || o.status === "accepted") bySeed.set(o.seedId, o);
  return { matches, bySeed };
}

function OrganisationSeedMatches({ orgId, own }: { orgId: string; own: boolean }) {
  const { t } = useTranslation();
  const load = useCallback(() => loadOrgMatches(orgId, own), [orgId, own]);
  const { state } = useAsync(load);
  if (state.status === "error" && state.error instanceof ApiError && state.error.status === 404)
    return (
      <div className="notice-box" data-testid="matches-no-profile">
        <p>
          {t(own ? "partnering.matching.matches.noProfileOwn" : "partnering.matching.matches.noProfileOther")}
        </p>
        {own && (
          <p>
            <a href={hrefs.partnering("profile")} data-testid="matches-profile-link">
              {t("partnering.matching.matches.toProfile")}
            </a>
          </p>
        )}
      </div>
    );
  return (
    <AsyncView state={state}>
      {({ matches, bySeed }) => (
        <section className="stack" data-testid="seed-matches">
          <p className="muted small" data-testid="seed-matches-intro">
            {t("partnering.matching.matches.rankedFor", {
              organisation: organisationName(matches.organisation, currentLanguage()),
              n: matches.seeds.length,
              considered: matches.considered,
            })}
          </p>
          {matches.seeds.length === 0 ? (
            <Empty>{t("partnering.matching.matches.noSeeds")}</Empty>
          ) : (
            <ol className="card-list match-list">
              {matches.seeds.map((m) => (
                <SeedMatchItem
                  key={m.seed.id}
                  match={m}
                  partyKind={matches.organisation.kind}
                  orgId={orgId}
                  own={own}
                  outreach={bySeed.get(m.seed.id)}
                />
              ))}
            </ol>
          )}
        </section>
      )}
    </AsyncView>
  );
}

interface SeedMatchItemProps {
  match: RankedSeed;
  partyKind: "company" | "investor";
  orgId: string;
  own: boolean;
  outreach: Outreach | undefined;
}

function SeedMatchItem({ match, partyKind, orgId, own, outreach }: SeedMatchItemProps) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const s = match.seed;
  return (
    <li
      className="card match-item"
      data-testid="seed-match"
      data-seed-id={s.id}
      data-readiness={match.readinessVisible ? "visible" : "hidden"}
      data-outreach={outreach?.status ?? "none"}
    >
      <div className="match-head">
        <span className="match-rank">
          <span className="visually-hidden">{t("partnering.matching.rank")} </span>
          {match.rank}
        </span>
        <span className="match-name">
          <a href={hrefs.seed(s.id)} className="seed-title-link" data-testid="seed-match-title">
            {seedTitle(s, lang)}
          </a>
          <span className="muted small" data-testid="seed-match-org">
            {" "}
            — {organisationName(s.organisation, lang)}
          </span>
        </span>
        <ScoreBar score={match.score} testId="match-score" />
      </div>
      <p className="seed-meta">
        <Badge tone="info">{enumLabel(t, "stage", s.stage)}</Badge>
        <Badge>{enumLabel(t, "modality", s.modality)}</Badge>
        <span className="muted small">ICD-10 {s.icd10}</span>
        {match.readinessVisible ? (
          <Badge tone="success" testId="seed-match-access">
            {t("partnering.matching.matches.confidentialVisible")}
          </Badge>
        ) : (
          <Badge tone="neutral" testId="seed-match-access">
            {t("partnering.matching.matches.publicOnly")}
          </Badge>
        )}
        {outreach && <OutreachStatusBadge status={outreach.status} />}
      </p>
      <p className="small">{pick(s.publicSummaryJa, s.publicSummaryEn, lang)}</p>
      <WhyToggle features={match.features} />
      {own && (
        <div className="match-actions">
          <FeedbackForm seedId={s.id} party={{ kind: partyKind, id: orgId }} />
          {!outreach && <OutreachForm seedId={s.id} />}
        </div>
      )}
    </li>
  );
}
