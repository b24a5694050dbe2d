import { currentLanguage } from "./i18n/index.ts";
import type {
  EvidenceKind,
  GrantStatus,
  IntegrityLevel,
  IpOffice,
  IpStatus,
  MilestoneDecision,
  Modality,
  OutcomeKind,
  OwnerSide,
  Programme,
  Stage,
} from "./vocabulary.ts";

export interface Organisation {
  id: string;
  nameJa: string;
  nameEn: string;
  kind: string;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  organisation: Organisation;
}

export interface Session {
  user: User | null;
  csrfToken: string | null;
  demo: boolean;
}

export interface LoginResult {
  user: User;
  csrfToken: string;
}

export interface DemoAccount {
  email: string;
  displayName: string;
  role: string;
  organisation: { nameJa: string; nameEn: string };
}

export interface DemoAccounts {
  password: string;
  accounts: DemoAccount[];
}

/** RFC 9457 problem details, as returned by the server on errors. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  fix?: string;
  /** the server's problem code (e.g. "lag-data-missing") */
  code?: string;
  errors?: FieldError[];
}

/** One invalid field of a request, as the server reports it (`field` is the dotted path, e.g. `titleJa`). */
export interface FieldError {
  field: string;
  message: string;
  fix?: string;
  pointer?: string;
}

/** An HTTP error response from the API; `problem` is set when the body was problem+json. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

/** The request never got an HTTP response (server down, offline…). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super("Network error", { cause });
    this.name = "NetworkError";
  }
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** CSRF token from the most recent session or login response. */
let csrfToken: string | null = null;

export function getCsrfToken(): string | null {
  return csrfToken;
}

async function readProblem(response: Response): Promise<Problem | null> {
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) return null;
  try {
    const body: unknown = await response.json();
    return body !== null && typeof body === "object" ? (body as Problem) : null;
  } catch {
    return null;
  }
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
}

export async function request(
  path: string,
  { method = "GET", body }: RequestOptions = {},
): Promise<Response> {
  const headers = new Headers({ Accept: "application/json", "Accept-Language": currentLanguage() });
  if (body !== undefined) headers.set("Content-Type", "application/json");
  if (STATE_CHANGING.has(method) && csrfToken) headers.set("x-csrf-token", csrfToken);

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  return response;
}

export async function requestJson<T>(path: string, options?: RequestOptions): Promise<T> {
  const response = await request(path, options);
  return (await response.json()) as T;
}

/** `?a=1&b=2` from the defined, non-empty values, or "" when there are none. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

const seedPath = (id: string, rest = "") => `/api/seeds/${encodeURIComponent(id)}${rest}`;

export async function getSession(): Promise<Session> {
  const session = await requestJson<Session>("/api/auth/session");
  csrfToken = session.csrfToken;
  return session;
}

export async function login(email: string, password: string): Promise<LoginResult> {
  const result = await requestJson<LoginResult>("/api/auth/login", {
    method: "POST",
    body: { email, password },
  });
  csrfToken = result.csrfToken;
  return result;
}

export async function logout(): Promise<void> {
  await request("/api/auth/logout", { method: "POST" });
  csrfToken = null;
}

/** Demo accounts, or `null` when the server is not in demo mode (404). */
export async function getDemoAccounts(): Promise<DemoAccounts | null> {
  try {
    return await requestJson<DemoAccounts>("/api/demo/accounts");
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Messages to show for an error: the problem's detail, then each field error. */
export function problemMessages(error: unknown): string[] {
  if (!(error instanceof ApiError) || !error.problem) return [];
  const { detail, title, errors } = error.problem;
  const messages: string[] = [];
  const headline = detail ?? title;
  if (headline) messages.push(headline);
  for (const item of errors ?? []) {
    if (item?.message && !messages.includes(item.message)) messages.push(item.message);
  }
  return messages;
}

/** The problem's detail (or title), or null when the error carries no problem. */
export function problemHeadline(error: unknown): string | null {
  if (!(error instanceof ApiError) || !error.problem) return null;
  return error.problem.detail ?? error.problem.title ?? null;
}

/** Whether an error is the server saying "not for you" (e.g. a confidential tab without an NDA grant). */
export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

/** Field errors of a problem, keyed by field path (first message wins). */
export function fieldErrorsOf(error: unknown): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  if (!(error instanceof ApiError)) return out;
  for (const item of error.problem?.errors ?? []) {
    if (item?.field && !out[item.field]) out[item.field] = item;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Seed pipeline. Shapes follow the server's response schemas (apps/server/src/routes/seedSchemas.ts);
// dates arrive as ISO strings.

export interface OrganisationRef {
  id: string;
  nameJa: string;
  nameEn: string;
}

export interface SeedSummary {
  id: string;
  organisation: OrganisationRef;
  programme: Programme;
  titleJa: string;
  titleEn: string;
  targetSymbol: string | null;
  targetUniprot: string | null;
  modality: Modality;
  icd10: string;
  indication: string;
  stage: Stage;
  publicSummaryJa: string;
  publicSummaryEn: string;
  publicSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export type SeedAccess = "owner" | "grant" | "public";

export interface SeedView {
  seed: SeedSummary;
  access: SeedAccess;
  confidential: { details: string } | null;
  stageHistory: { stage: Stage; enteredOn: string }[];
}

export interface SeedInput {
  titleJa: string;
  titleEn: string;
  targetSymbol?: string | null;
  targetUniprot?: string | null;
  modality: Modality | "";
  icd10: string;
  indication: string;
  stage: Stage | "";
  stageSince?: string;
  programme?: Programme;
  publicSummaryJa: string;
  publicSummaryEn: string;
  publicSince?: string | null;
  confidentialDetails?: string;
}

export interface SeedQuery {
  q?: string;
  modality?: string;
  stage?: string;
  icd10?: string;
  organisationId?: string;
  programme?: string;
  limit?: number;
  offset?: number;
}

export interface SeedPage {
  items: SeedSummary[];
  total: number;
}

export interface EvidenceInput {
  kind: EvidenceKind | "";
  title: string;
  result: string;
  performedOn: string;
  performedBy: string;
  replications: number;
  reproducedByOtherLab: boolean;
  integrityLevel: IntegrityLevel | "";
}

export interface Evidence {
  id: string;
  seedId: string;
  kind: EvidenceKind;
  title: string;
  result: string;
  performedOn: string;
  performedBy: string;
  replications: number;
  reproducedByOtherLab: boolean;
  integrityLevel: IntegrityLevel;
  files: { id: string; name: string; mediaType: string; sizeBytes: number; sha256: string }[];
}

export interface Bilingual {
  ja: string;
  en: string;
}

export type GateStatus = "passed" | "ready" | "not_ready";

export interface RequirementCheck {
  requirement: string;
  labelJa: string;
  labelEn: string;
  satisfied: boolean;
  satisfiedBy: string[];
  reasons: (Bilingual & { code: string })[];
}

export interface ReadinessAssessment {
  ruleVersion: number;
  stage: Stage;
  modality: Modality;
  nextGate: Stage | null;
  gates: { gate: Stage; status: GateStatus; requirements: RequirementCheck[] }[];
}

export type DeadlineKind = "foreign_filing" | "national_phase" | "publication";
export type DeadlineWarning = "overdue" | "due_30" | "due_90";

export interface IpDeadline {
  familyId: string;
  kind: DeadlineKind;
  office: IpOffice | null;
  dueDate: string;
  daysLeft: number;
  met: boolean;
  warning: DeadlineWarning | null;
  /** unmet and passed more than 60 days ago: the chance has gone */
  lapsed: boolean;
  labelJa: string;
  labelEn: string;
}

export interface IpApplication {
  id?: string;
  office: IpOffice;
  status: IpStatus;
  filedOn?: string | null;
  number?: string | null;
}

export interface IpFamily {
  id: string;
  title: string;
  priorityDate: string;
  applications: IpApplication[];
  deadlines: IpDeadline[];
}

export interface SeedIp {
  families: IpFamily[];
  disclosure: (Bilingual & { code: string }) | null;
}

export interface IpFamilyBody {
  title: string;
  priorityDate: string;
  applications: {
    office: IpOffice | "";
    status: IpStatus | "";
    filedOn?: string | null;
    number?: string | null;
  }[];
}

export interface Milestone {
  id: string;
  title: string;
  ownerSide: OwnerSide;
  startsOn: string;
  dueOn: string;
  deliverable: string;
  goCriteria: string;
  decision: MilestoneDecision;
  decidedOn: string | null;
  completedOn: string | null;
  late: boolean;
}

export interface MilestoneBody {
  title: string;
  ownerSide: OwnerSide | "";
  startsOn: string;
  dueOn: string;
  deliverable: string;
  goCriteria: string;
}

export interface Agreement {
  id: string;
  companyOrganisationId: string;
  companyOrganisation: { nameJa: string; nameEn: string };
  scheme: Programme;
  signedOn: string;
  roleSplit: string;
  companyMoneyJpy: number;
  inKindDescription: string;
  inKindJpy?: number | null;
}

export interface Roadmap {
  milestones: Milestone[];
  agreements: Agreement[];
  lateCount: number;
}

export interface AccessGrant {
  id: string;
  seedId: string;
  seedTitleJa: string;
  seedTitleEn: string;
  organisation: OrganisationRef;
  requestMessage: string;
  status: GrantStatus;
  ndaReference: string | null;
  expiresOn: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface MyGrants {
  held: AccessGrant[];
  received: AccessGrant[];
}

export interface Outcome {
  id: string;
  seedId: string;
  kind: OutcomeKind;
  occurredOn: string;
  amountJpy: number | null;
  partner: OrganisationRef | null;
  note: string;
}

export interface Kpis {
  seeds: number;
  dealsByProgrammeYear: { programme: Programme; year: number; deals: number }[];
  patents: { filed: number; granted: number; byYear: { year: number; filed: number; granted: number }[] };
  companyMoney: { projects: number; totalJpy: number; meanJpy: number | null; medianJpy: number | null };
  inKind: { projects: number; totalJpy: number };
  fundingRounds: { count: number; totalJpy: number };
  approvals: number;
  funnel: { stage: Stage; reached: number; conversion: number | null }[];
  timeInStage: { stage: Stage; medianDays: number | null; n: number }[];
}

export interface KpiQuery {
  programme?: string;
  from?: string;
  to?: string;
}

export const listOrganisations = () => requestJson<Organisation[]>("/api/organisations");

export const listSeeds = (query: SeedQuery) =>
  requestJson<SeedPage>(`/api/seeds${queryString({ ...query })}`);

export const createSeed = (input: SeedInput) =>
  requestJson<SeedSummary>("/api/seeds", { method: "POST", body: input });

export const getSeed = (id: string) => requestJson<SeedView>(seedPath(id));

export const listEvidence = (id: string) => requestJson<Evidence[]>(seedPath(id, "/evidence"));

export const addEvidence = (id: string, input: EvidenceInput) =>
  requestJson<Evidence>(seedPath(id, "/evidence"), { method: "POST", body: input });

export const getReadiness = (id: string) => requestJson<ReadinessAssessment>(seedPath(id, "/readiness"));

export const getSeedIp = (id: string) => requestJson<SeedIp>(seedPath(id, "/ip"));

export const addIpFamily = (id: string, body: IpFamilyBody) =>
  requestJson<SeedIp>(seedPath(id, "/ip"), { method: "POST", body });

export const getRoadmap = (id: string) => requestJson<Roadmap>(seedPath(id, "/roadmap"));

export const addMilestone = (id: string, body: MilestoneBody) =>
  requestJson<Roadmap>(seedPath(id, "/milestones"), { method: "POST", body });

export const listOutcomes = (id: string) => requestJson<Outcome[]>(seedPath(id, "/outcomes"));

export const listSeedGrants = (id: string) => requestJson<AccessGrant[]>(seedPath(id, "/grants"));

export const requestAccess = (id: string, message: string) =>
  requestJson<AccessGrant>(seedPath(id, "/access-requests"), { method: "POST", body: { message } });

export const listMyGrants = () => requestJson<MyGrants>("/api/grants/mine");

export const grantAccess = (grantId: string, ndaReference: string, expiresOn: string) =>
  requestJson<AccessGrant>(`/api/grants/${encodeURIComponent(grantId)}/decision`, {
    method: "POST",
    body: { decision: "grant", ndaReference, expiresOn },
  });

export const declineAccess = (grantId: string) =>
  requestJson<AccessGrant>(`/api/grants/${encodeURIComponent(grantId)}/decision`, {
    method: "POST",
    body: { decision: "decline" },
  });

export const revokeAccess = (grantId: string) =>
  requestJson<AccessGrant>(`/api/grants/${encodeURIComponent(grantId)}/revoke`, { method: "POST" });

export const getKpis = (query: KpiQuery) => requestJson<Kpis>(`/api/kpis${queryString({ ...query })}`);

export const changeStage = (id: string, stage: string, enteredOn?: string) =>
  requestJson<SeedSummary>(seedPath(id, "/stage"), { method: "POST", body: { stage, enteredOn } });

// ---------------------------------------------------------------------------------------------
// Real-world data (apps/server/src/routes/rwd.ts, packages/rwd). The server builds the cohorts, runs
// the study and releases only small-cell-suppressed results; the UI shows them as given.

export interface RwdSource {
  name: string;
  sizeBytes: number;
}

export type QualityCategory = "conformance" | "completeness" | "plausibility";

export interface QualityCheck {
  id: string;
  category: QualityCategory;
  table: string;
  column?: string;
  description: string;
  descriptionJa: string;
  failing: number;
  total: number;
  /** a percentage (0–100) */
  pctFailing: number;
  status: "pass" | "fail";
}

export interface QualityReport {
  snapshotId: string;
  passed: number;
  failed: number;
  checks: QualityCheck[];
}

/** A count as released: a number, or "<10" / "suppressed" where small-cell suppression hid it. */
export type ReleasedCount = number | string;

/** Cohort definitions are JSON edited as text; the server validates them (packages/rwd CohortDefinition). */
export type CohortDefinition = Record<string, unknown>;

export type StudyAdjustment =
  | { type: "match"; maxRatio: number; caliper: number }
  | { type: "stratify"; strata: number }
  | { type: "none" };

export type EndAnchor = "cohort_start" | "cohort_end";

/** Left-out parts take the server's defaults. */
export interface StudyDesign {
  timeAtRisk?: { startDays?: number; endDays?: number; endAnchor?: EndAnchor };
  removePriorOutcome?: boolean;
  adjustment?: StudyAdjustment;
}

export interface StudyRequest {
  name: string;
  target: CohortDefinition;
  comparator: CohortDefinition;
  outcome: CohortDefinition;
  design?: StudyDesign;
  minCellCount?: number;
}

export interface IncidenceRate {
  /** per 1,000 person-years */
  rate: number;
  lower: number;
  upper: number;
}

export interface StudyArm {
  subjects: ReleasedCount;
  events: ReleasedCount;
  personYears: number;
  incidenceRate: IncidenceRate | null;
}

export interface AttritionStep {
  step: string;
  stepJa: string;
  target: ReleasedCount;
  comparator: ReleasedCount;
  removedTarget: ReleasedCount | null;
  removedComparator: ReleasedCount | null;
}

export interface StudyResult {
  hazardRatio: number;
  ci95: [number, number];
  p: number;
  minCellCount: number;
  attrition: AttritionStep[];
  arms: {
    target: StudyArm;
    comparator: StudyArm;
    total: { subjects: ReleasedCount; events: ReleasedCount };
  };
  maxAbsSmdAfter: number;
  propensityScore: { auc: number } | null;
}

export interface RwdStudy {
  id: string;
  sourceName: string;
  snapshotId: string;
  engineVersion: string;
  request: StudyRequest;
  result: StudyResult;
  createdAt: string;
}

const rwdSourcePath = (name: string, rest = "") => `/api/rwd/sources/${encodeURIComponent(name)}${rest}`;
const rwdStudyPath = (id: string, rest = "") => `/api/rwd/studies/${encodeURIComponent(id)}${rest}`;

export const listRwdSources = () => requestJson<RwdSource[]>("/api/rwd/sources");

export const getRwdQuality = (source: string) =>
  requestJson<QualityReport>(rwdSourcePath(source, "/quality"));

export const runRwdStudy = (source: string, body: StudyRequest) =>
  requestJson<RwdStudy>(rwdSourcePath(source, "/studies"), { method: "POST", body });

export const listRwdStudies = () => requestJson<RwdStudy[]>("/api/rwd/studies");

/** The study's self-contained HTML report (shown in a sandboxed iframe). */
export const rwdStudyReportUrl = (id: string) => rwdStudyPath(id, "/report");

export const attachRwdStudy = (id: string, seedId: string) =>
  requestJson<{ evidenceId: string }>(rwdStudyPath(id, "/attach"), { method: "POST", body: { seedId } });

// ---------------------------------------------------------------------------------------------
// Trial designs (apps/server trials routes, packages/trials). The server validates the design, builds
// the priors, computes the operating characteristics exactly and writes the report; the UI collects the
// inputs and shows what comes back. Types copied from packages/trials/src/design (the web does not import
// server packages).

export type TrialEndpoint = "binary" | "normal" | "count";

/** A historical study as a MAP prior takes it: { n, r } (binary), { mean, se } (normal), { events, exposure } (count). */
export type HistoricalStudy =
  | { study?: string; n: number; r: number }
  | { study?: string; mean: number; se: number }
  | { study?: string; events: number; exposure: number };

export type ExternalData =
  | { r: number; n: number }
  | { mean: number; se: number }
  | { events: number; exposure: number };

export type TauDistribution = "half-normal" | "half-cauchy";
export type RwdArm = "target" | "comparator";

export type PriorSource =
  | { type: "weakly-informative"; mean?: number }
  /** rows of [weight, a, b] (beta, gamma) or [weight, mean, sd] (normal) */
  | { type: "mixture"; components: [number, number, number][] }
  | {
      type: "map";
      studies: HistoricalStudy[];
      tauPrior?: { distribution: TauDistribution; scale: number };
      robustWeight?: number;
      seed?: number;
    }
  | {
      type: "external";
      rwdStudyId?: string;
      rwdArm?: RwdArm;
      description?: string;
      data?: ExternalData;
      method: { kind: "power-prior"; a0: number } | { kind: "robust-mixture"; weight: number };
    };

export type PriorType = PriorSource["type"];

/** Success needs P(θT − θC > delta | data) > probability. */
export interface SuccessCriterion {
  probability: number;
  delta: number;
}

export interface TrialDesignRequest {
  kind: "bayesian-two-arm";
  title: string;
  endpoint: TrialEndpoint;
  sigma?: number;
  treatment: { n: number; prior: PriorSource };
  control: { n: number; prior: PriorSource };
  rule: SuccessCriterion[];
  scenarios: { control: number[]; effects: number[] };
}

export type Mixture =
  | { family: "beta"; components: { w: number; a: number; b: number }[] }
  | { family: "normal"; sigma: number; components: { w: number; m: number; s: number }[] }
  | {
      family: "gamma";
      likelihood: "poisson" | "exponential";
      components: { w: number; a: number; b: number }[];
    };

export interface Quantile {
  p: number;
  q: number;
}

/** What the engine says of one arm's prior: the mixture, its summaries and its worth in patients. */
export interface ArmPrior {
  description: Bilingual;
  mixture: Mixture;
  mean: number;
  sd: number;
  quantiles: Quantile[];
  /**
   * effective sample size by the three usual methods, in patients; null where the method is not defined
   * for this prior (e.g. Morita's for Beta(1, 1)), with the reason in `essNotes`
   */
  ess: { elir: number | null; moment: number | null; morita: number | null };
  essNotes?: Partial<Record<"elir" | "moment" | "morita", string>>;
  map?: {
    tau: { mean: number; quantiles: Quantile[] };
    diagnostics: { parameter: string; rhat: number; essBulk: number }[];
    converged: boolean;
    candidates: { components: number; logLik: number; aic: number; chosen: boolean }[];
    studies: { study: string; mean: number; lower: number; upper: number }[];
  };
  external?: {
    rwdStudyId?: string;
    rwdArm?: RwdArm;
    data: Record<string, number>;
    method: string;
  };
}

/** One point of an operating-characteristics curve. */
export interface OcPoint {
  /** true treatment − control difference; 0 is the null (type I error) */
  effect: number;
  /** true control value */
  control: number;
  treatment: number;
  /** probability that the trial declares success */
  probability: number;
}

export interface BayesianTwoArmEvaluation {
  kind: "bayesian-two-arm";
  priors: { treatment: ArmPrior; control: ArmPrior };
  boundary:
    | { kind: "discrete"; control: number[]; treatmentCritical: (number | null)[] }
    | { kind: "normal"; criticalDifference: number };
  oc: OcPoint[];
  maxTypeIError: { control: number; probability: number };
  engineVersion: string;
  elapsedMs: number;
}

/** A saved design: the specification as the server read it (defaults filled in) and its evaluation. */
export interface StoredTrialDesign {
  id: string;
  organisationId: string;
  title: string;
  kind: "bayesian-two-arm";
  spec: TrialDesignRequest;
  evaluation: BayesianTwoArmEvaluation;
  engineVersion: string;
  createdBy: string | null;
  createdAt: string;
}

const trialDesignPath = (id: string, rest = "") => `/api/trials/designs/${encodeURIComponent(id)}${rest}`;

export const evaluateTrialDesign = (body: TrialDesignRequest) =>
  requestJson<BayesianTwoArmEvaluation>("/api/trials/designs/evaluate", { method: "POST", body });

export const saveTrialDesign = (body: TrialDesignRequest) =>
  requestJson<StoredTrialDesign>("/api/trials/designs", { method: "POST", body });

export const listTrialDesigns = () => requestJson<StoredTrialDesign[]>("/api/trials/designs");

/** The design's self-contained HTML report. */
export const trialDesignReportUrl = (id: string) => trialDesignPath(id, "/report");

export const attachTrialDesign = (id: string, seedId: string) =>
  requestJson<{ evidenceId: string }>(trialDesignPath(id, "/attach"), { method: "POST", body: { seedId } });

// ---------------------------------------------------------------------------------------------
// In-silico screen (apps/server/src/routes/screen.ts, packages/screen). The server standardises the
// libraries, runs the funnel (filters, similarity to known actives, docking) in the background and writes
// the report; the UI uploads files, collects the definition, polls the run and shows what comes back.
// Types copied from packages/screen/src/platform and funnel (the web does not import server packages).

export interface LibraryFailure {
  line: number;
  id?: string;
  reason: string;
}

/** A standardised compound library; organisationId null = a shared reference library. */
export interface CompoundLibrary {
  id: string;
  organisationId: string | null;
  name: string;
  sourceName: string;
  molecules: number;
  /** molecules that could not be read or standardised; `failures` keeps the first 500 */
  failureCount: number;
  failures: LibraryFailure[];
  version: string;
  parameters: unknown;
  createdAt: string;
}

export interface LibraryUpload {
  name: string;
  fileName: string;
  content: string;
}

/** A target structure (PDB) screens dock into. */
export interface TargetStructure {
  id: string;
  organisationId: string | null;
  name: string;
  sourceName: string;
  chains: string[];
  /** hetero groups other than water, as chain:NAMEnumber (e.g. "C:02J1") */
  heteroGroups: string[];
  defaultChain: string | null;
  /** residues of the co-crystallised ligand that define the docking box (e.g. ["C:*"]) */
  defaultLigand: string[] | null;
  createdAt: string;
}

export interface TargetUpload {
  name: string;
  fileName: string;
  content: string;
  defaultChain?: string;
  defaultLigand?: string[];
}

export type ScreenStage = "library" | "filters" | "similarity" | "docking";
export type ScreenRunStatus = "queued" | "running" | "done" | "failed";
export const SCREEN_PROPERTIES = ["mw", "clogp", "hbd", "hba", "tpsa", "rotatableBonds"] as const;
export type ScreenProperty = (typeof SCREEN_PROPERTIES)[number];

export interface PropertyRange {
  min?: number;
  max?: number;
}

export type DockingBoxSpec =
  | { ligandResidues: string[]; padding?: number }
  | { center: [number, number, number]; size: [number, number, number] };

/** A screen as the API takes it: the library and the target named by their catalogue ids. */
export interface ScreenRequest {
  name: string;
  library: string;
  watch?: string[];
  filters?: {
    lipinski?: boolean;
    veber?: boolean;
    excludeAlerts?: boolean;
    properties?: Partial<Record<ScreenProperty, PropertyRange>>;
  };
  similarity?: {
    queries: { id: string; smiles: string }[];
    fusion?: "max" | "mean";
    topK?: number;
    threshold?: number;
  };
  docking?: {
    receptor: string;
    chain?: string;
    box?: DockingBoxSpec;
    topN?: number;
    exhaustiveness?: number;
    seed?: number;
    scoreThreshold?: number;
    dockWatched?: boolean;
  };
}

export interface StageAttrition {
  stage: ScreenStage;
  in: number;
  out: number;
  /** why compounds left at this stage (the engine's English reason), with counts */
  reasons: Record<string, number>;
}

export interface ScreenHit {
  rank: number;
  id: string;
  name: string;
  smiles: string;
  /** fused Tanimoto similarity to the known actives, and the most similar one */
  similarity?: { value: number; query: string; querySimilarity: number };
  /** best Vina score (kcal/mol, lower is better) */
  docking?: { score: number; posePath: string };
  alerts: string[];
  ruleViolations: string[];
}

/** Where a watched compound went: the last stage it passed, its rank, or why it stopped. */
export interface WatchedCompound {
  query: string;
  found: boolean;
  id?: string;
  name?: string;
  reached?: ScreenStage;
  stoppedBecause?: string;
  rank?: number;
  similarity?: number;
  similarityRank?: number;
  closestActive?: { query: string; similarity: number };
  dockingScore?: number;
  /** docked as a reference after it stopped earlier: its score and the rank it would have taken */
  reference?: { score: number; wouldRank: number; posePath: string };
}

export interface ScreenFailure {
  id: string;
  stage: string;
  reason: string;
  line?: number;
  source?: string;
}

export interface ScreenResult {
  libraryVersion: string;
  attrition: StageAttrition[];
  hits: ScreenHit[];
  watched: WatchedCompound[];
  failures: ScreenFailure[];
  docking?: {
    versions: Record<string, string>;
    box: { center: { x: number; y: number; z: number }; size: { x: number; y: number; z: number } };
    parameters: Record<string, number>;
  };
  seconds: number;
}

/** A queued, running or finished screen; `result` only when read one by one and done. */
export interface ScreenRun {
  id: string;
  organisationId: string;
  name: string;
  /** the definition as the server read it (defaults filled in) */
  request: ScreenRequest;
  status: ScreenRunStatus;
  progress: { stage: string; done: number; total: number } | null;
  result?: ScreenResult | null;
  error: string | null;
  engineVersion: string;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const screenRunPath = (id: string, rest = "") => `/api/screen/runs/${encodeURIComponent(id)}${rest}`;

export const listScreenLibraries = () => requestJson<CompoundLibrary[]>("/api/screen/libraries");

export const uploadScreenLibrary = (body: LibraryUpload) =>
  requestJson<CompoundLibrary>("/api/screen/libraries", { method: "POST", body });

export const listScreenTargets = () => requestJson<TargetStructure[]>("/api/screen/targets");

export const uploadScreenTarget = (body: TargetUpload) =>
  requestJson<TargetStructure>("/api/screen/targets", { method: "POST", body });

export const createScreenRun = (body: ScreenRequest) =>
  requestJson<ScreenRun>("/api/screen/runs", { method: "POST", body });

export const listScreenRuns = () => requestJson<ScreenRun[]>("/api/screen/runs");

export const getScreenRun = (id: string) => requestJson<ScreenRun>(screenRunPath(id));

/** The finished screen's self-contained HTML report. */
export const screenRunReportUrl = (id: string) => screenRunPath(id, "/report");

/** The finished screen's ranked hits as CSV. */
export const screenHitsCsvUrl = (id: string) => screenRunPath(id, "/hits.csv");

/** A 2D drawing of a molecule (SVG, drawn by the server's RDKit). */
export const structureSvgUrl = (smiles: string, width: number, height: number) =>
  `/api/screen/structure.svg${queryString({ smiles, width, height })}`;

export const attachScreenRun = (id: string, seedId: string) =>
  requestJson<{ evidenceId: string }>(screenRunPath(id, "/attach"), { method: "POST", body: { seedId } });

// ---------------------------------------------------------------------------------------------
// Drug-lag / drug-loss monitor (apps/server/src/routes/lag.ts, packages/lag). The server loads the FDA,
// EMA and PMDA approval lists, matches the ingredients and computes the figures with their definitions;
// the UI shows them as given. Types copied from packages/lag (the web does not import server packages).

export type LagSource = "fda" | "pmda" | "ema";
export const LAG_SOURCES: readonly LagSource[] = ["fda", "ema", "pmda"];
export type LagRegion = "us" | "eu" | "jp";
export const LAG_REGIONS: readonly LagRegion[] = ["us", "eu", "jp"];
export const JP_STATUSES = ["approved-jp", "not-approved-jp", "in-development-jp"] as const;
export type JpStatus = (typeof JP_STATUSES)[number];
export const FAULT_KINDS = [
  "missing-date",
  "unparseable-date",
  "multiple-dates",
  "inconsistent-year",
  "missing-ingredient",
  "combination",
  "several-products",
  "repeated-header",
  "continuation-row",
  "not-human",
  "missing-status",
  "missing-inn",
  "empty-row",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type MatchHow = "fuzzy" | "split" | "ester";
export type PmdaChange = "approval" | "partial-change" | "emergency-approval";

/** A figure's definition, shown with it. */
export interface LagDefinition extends Bilingual {
  id: string;
}

export interface LagSourceStatus {
  source: LagSource;
  /** the file's base name */
  file: string;
  dataRows: number;
  used: number;
  reportedOnly: number;
  faults: Partial<Record<FaultKind, number>>;
}

export interface LagStatus {
  available: boolean;
  /** when not available: how to get the data */
  hint?: Bilingual;
  sources: LagSourceStatus[];
  medicines: number;
  approvedJp: number;
  withLag: number;
  jpCoverage: { first: string; last: string } | null;
  matching: { fuzzy: number; ambiguous: number; unmatched: number };
  loadedAt: string;
}

export interface RegionApproval {
  date: string;
  brand: string;
  sponsor: string;
  orphan: boolean;
}

export interface TherapeuticArea {
  /** ATC level-1 letter, or "unclassified" */
  code: string;
  label: Bilingual;
  atcCode: string | null;
  /** the EMA's therapeutic area (MeSH terms), when the EMA lists the medicine */
  emaArea: string | null;
}

export interface MedicineSummary {
  id: string;
  name: string;
  jpName: string | null;
  combination: boolean;
  firstUsEu: { region: "us" | "eu"; date: string } | null;
  us: RegionApproval | null;
  eu: RegionApproval | null;
  jp: RegionApproval | null;
  /** Japan's first approval minus the first US/EU one, in months; negative when Japan was first */
  lagMonths: number | null;
  jpStatus: JpStatus;
  /** approved in Japan, but the first Japanese approval is outside the PMDA list (date unknown) */
  jpApprovedOutsideList: boolean;
  orphan: { us: boolean; eu: boolean; jp: boolean };
  therapeuticArea: TherapeuticArea;
}

/** A first approval as the full medicine carries it: the source row and the region's extra flags. */
export interface SourcedApproval extends RegionApproval {
  source: LagSource;
  row: number;
  /** the ingredient as the source writes it */
  name: string;
  priorityReview?: boolean;
  accelerated?: boolean;
  breakthrough?: boolean;
  conditional?: boolean;
  status?: string;
  reviewCategory?: string;
}

export interface JpIndication {
  row: number;
  date: string | null;
  changes: PmdaChange[];
  newActiveIngredient: boolean;
  text: string;
}

export interface LagMedicine extends Omit<MedicineSummary, "us" | "eu" | "jp"> {
  components: string[];
  us: SourcedApproval | null;
  eu: SourcedApproval | null;
  jp: SourcedApproval | null;
  brands: Record<LagRegion, string[]>;
  sponsors: Record<LagRegion, string[]>;
  jpIndications: JpIndication[];
  /** how each region's names reached this medicine (regions matched other than exactly) */
  matchedBy: Partial<Record<LagRegion, MatchHow>>;
  rows: { source: LagSource; row: number }[];
}

export interface MedicinePage {
  total: number;
  items: MedicineSummary[];
}

export type MedicineSort = "lag" | "-lag" | "name" | "first";

export interface MedicineQuery {
  q?: string;
  area?: string;
  status?: string;
  orphan?: string;
  from?: string | number;
  to?: string | number;
  /** the medicines behind a figure */
  ids?: readonly string[];
  sort?: MedicineSort;
  limit?: number;
  offset?: number;
}

/** n, median and quartiles of the lag in months (null when n = 0), and the medicines behind them. */
export interface LagGroup {
  group: string;
  label?: Bilingual;
  n: number;
  median: number | null;
  q1: number | null;
  q3: number | null;
  ids: string[];
}

export type LagYearBasis = "jp-approval" | "first-us-eu-approval";

export interface LagFigure {
  definition: LagDefinition;
  basis?: LagYearBasis;
  groups: LagGroup[];
  overall: LagGroup;
}

export interface LossGroup {
  group: string;
  n: number;
  notApproved: number;
  /** notApproved / n (null when n = 0) */
  share: number | null;
  inDevelopment: number;
  ids: string[];
  notApprovedIds: string[];
}

export interface LossFigure {
  definition: LagDefinition;
  cutoff: string;
  from: number;
  to: number;
  groups: LossGroup[];
  overall: LossGroup;
}

export interface OrphanSide {
  lag: LagGroup;
  loss: LossGroup;
}

export interface OrphanComparison {
  definition: LagDefinition;
  cutoff: string;
  orphan: OrphanSide;
  nonOrphan: OrphanSide;
}

export interface SourceFault {
  source: LagSource;
  /** the row as a spreadsheet shows it (1 = the file's first line) */
  row: number;
  column?: string;
  value?: string;
  kind: FaultKind;
  message: string;
}

export interface NameReport {
  source: LagSource;
  name: string;
  rows: number[];
  key: string;
}

export interface FuzzyMatch extends NameReport {
  matched: string;
  how: MatchHow;
}

export interface AmbiguousName extends NameReport {
  candidates: string[];
  how: MatchHow;
}

export interface MatchingReport {
  fuzzy: FuzzyMatch[];
  ambiguous: AmbiguousName[];
  unmatched: NameReport[];
}

export interface SeedLag {
  icd10: string;
  indication: string;
  basis: "keywords" | "therapeutic-area";
  keywords: string[];
  area: { code: string; label: Bilingual } | null;
  summary: { n: number; approvedJp: number; notApprovedJp: number; medianLagMonths: number | null };
  medicines: MedicineSummary[];
}

/** Parameters of the figures: years of the first US/EU approval, the drug-loss cut-off (YYYY-MM-DD). */
export interface LagFigureQuery {
  from?: string | number;
  to?: string | number;
  cutoff?: string;
}

const medicineParams = ({ ids, ...rest }: MedicineQuery) => ({
  ...rest,
  ids: ids && ids.length > 0 ? ids.join(",") : undefined,
});

export const getLagStatus = () => requestJson<LagStatus>("/api/lag/status");

export const listLagMedicines = (query: MedicineQuery) =>
  requestJson<MedicinePage>(`/api/lag/medicines${queryString(medicineParams(query))}`);

/** The medicines matching the list's filters as CSV (no paging). */
export const lagMedicinesCsvUrl = (query: MedicineQuery) => {
  const { limit: _limit, offset: _offset, ...filters } = query;
  return `/api/lag/medicines.csv${queryString(medicineParams(filters))}`;
};

export const getLagMedicine = (id: string) =>
  requestJson<LagMedicine>(`/api/lag/medicines/${encodeURIComponent(id)}`);

export const getLagByYear = (query: LagFigureQuery & { basis: LagYearBasis }) =>
  requestJson<LagFigure>(
    `/api/lag/analyses/lag${queryString({ by: "year", basis: query.basis, from: query.from, to: query.to })}`,
  );

export const getLagByArea = (query: LagFigureQuery) =>
  requestJson<LagFigure>(
    `/api/lag/analyses/lag${queryString({ by: "area", from: query.from, to: query.to })}`,
  );

export const getLossShare = (query: LagFigureQuery) =>
  requestJson<LossFigure>(`/api/lag/analyses/loss${queryString({ ...query })}`);

export const getOrphanComparison = (query: LagFigureQuery) =>
  requestJson<OrphanComparison>(`/api/lag/analyses/orphan${queryString({ ...query })}`);

export type LagFigureCsv =
  | { analysis: "lag"; by: "year"; basis: LagYearBasis }
  | { analysis: "lag"; by: "area" }
  | { analysis: "loss" }
  | { analysis: "orphan" };

/** A figure as CSV, with the medicines behind each number; the same parameters as the figure. */
export const lagFigureCsvUrl = (figure: LagFigureCsv, query: LagFigureQuery) =>
  figure.analysis === "lag"
    ? `/api/lag/figure.csv${queryString({ ...figure, from: query.from, to: query.to })}`
    : `/api/lag/figure.csv${queryString({ ...figure, ...query })}`;

export const listLagFaults = (query: { source?: string; kind?: string; limit?: number; offset?: number }) =>
  requestJson<{ total: number; items: SourceFault[] }>(`/api/lag/faults${queryString({ ...query })}`);

export const getLagMatching = () => requestJson<MatchingReport>("/api/lag/matching");

export const getSeedLag = (id: string) => requestJson<SeedLag>(seedPath(id, "/lag"));

/** Whether an error is the server saying that no approval data is loaded (409 lag-data-missing). */
export function isLagDataMissing(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.problem?.code === "lag-data-missing";
}
