/**
 * Partnering (issue 9) over HTTP: profiles, explainable matching, feedback and reports, outreach, the
 * consultation desk with Open Hours, and notifications. The routes only wire @kakehashi/partnering: its
 * functions check roles and organisations and write the audit log.
 */
import {
  acceptTerms,
  acknowledgeCase,
  addCaseNote,
  addFollowUp,
  addJointProject,
  addPost,
  addSpecimens,
  assignCase,
  BookingBody,
  bookSlot,
  CASE_STATUSES,
  CaseIntake,
  CloseBody,
  type CommunityOptions,
  CompanyProfileInput,
  ConsortiumInput,
  cancelBooking,
  closeCase,
  completeFollowUp,
  createConsortium,
  createThread,
  DESK_TOPICS,
  decideOutreach,
  declareExpert,
  deskMetrics,
  ExpertDeclaration,
  evaluateHeldOutDeals,
  exportMinutes,
  FeedbackInput,
  FORUM_TOPICS,
  FollowUpBody,
  getCase,
  getConsortium,
  getMatchWeights,
  getMentorProfile,
  getOutreach,
  getPartnerProfile,
  getThread,
  InvestorProfileInput,
  listCases,
  listConsortia,
  listExperts,
  listMentorProfiles,
  listMySlots,
  listNotifications,
  listOpenSlots,
  listOutreach,
  listPartnerProfiles,
  listThreads,
  type MatchingDb,
  MatchWeightsInput,
  MemberInput,
  MentorProfileInput,
  markAllNotificationsRead,
  markNotificationRead,
  matchesForSeed,
  matchingDb,
  NoteBody,
  OutreachDecisionInput,
  OutreachInput,
  PostBody,
  ProjectBody,
  publishSlots,
  publishTerms,
  RatingBody,
  rateCase,
  recordFeedback,
  SlotsBody,
  SpecimensBody,
  saveCompanyProfile,
  saveInvestorProfile,
  saveMentorProfile,
  seedsForOrganisation,
  sendOutreach,
  setMatchWeights,
  setMember,
  submitCase,
  TermsBody,
  ThreadInput,
  type UnmetNeedLookup,
  unmatchedReport,
  WeightsScope,
  withdrawOutreach,
} from "@kakehashi/partnering";
import type { Store } from "@kakehashi/store";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireAccount, SECURED } from "../auth.ts";
import { localeOf } from "../problems.ts";
import { problemResponses } from "../schemas.ts";

const PREFIX = "/api/partnering";
const denied = problemResponses(400, 401, 403, 404, 409);
const IdParams = z.object({ id: z.uuid() });
const OrgParams = z.object({ orgId: z.uuid() });
const UserParams = z.object({ userId: z.uuid() });
const IsoDate = z.iso.date();
const AssignBody = z.strictObject({ expertId: z.uuid() });

const result = (id: string, description: string) => z.unknown().meta({ id, description });
const Profile = result("PartnerProfile", "A company's or investor's partnering profile");
const Mentor = result("MentorProfile", "A mentor's partnering profile");
const Outreach = result(
  "Outreach",
  "An outreach from a company or investor to a seed's owner, with its grant",
);
const DeskCase = result("DeskCase", "A consultation desk case with triage, notes, follow-ups and bookings");
const Slot = result("OpenHoursSlot", "An Open Hours slot of a desk expert");
const DeskExpert = result("DeskExpert", "A desk expert with topics, capacity and (for desk admins) load");

/**
 * The drug-lag monitor's view of an indication, loaded once per request: matching scores synchronously,
 * so the route awaits the monitor's state before it ranks; undefined = no approval lists loaded.
 */
export type UnmetNeedSource = () => Promise<UnmetNeedLookup | undefined>;

export interface PartneringRouteOptions {
  /** e-mail and clock of the community writes; default: in-app notifications only, the real clock */
  community?: CommunityOptions;
}

export function partneringRoutes(
  app: FastifyInstance,
  store: Store,
  unmetNeed: UnmetNeedSource,
  options: PartneringRouteOptions = {},
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db: MatchingDb = matchingDb(store.db);
  const community = options.community ?? {};
  const matchOptions = async () => {
    const lookup = await unmetNeed();
    return lookup ? { unmetNeed: lookup } : {};
  };

  // --- profiles ---------------------------------------------------------------------------------
  const profileTags = ["partnering: profiles"];
  r.get(
    `${PREFIX}/profiles/company`,
    {
      schema: {
        tags: profileTags,
        summary: "Company profiles (budget bands only for their own organisation and programme staff)",
        security: SECURED,
        response: { 200: z.array(Profile), ...denied },
      },
    },
    async (request) => listPartnerProfiles(db, requireAccount(request), "company"),
  );
  r.get(
    `${PREFIX}/profiles/investor`,
    {
      schema: {
        tags: profileTags,
        summary: "Investor profiles",
        security: SECURED,
        response: { 200: z.array(Profile), ...denied },
      },
    },
    async (request) => listPartnerProfiles(db, requireAccount(request), "investor"),
  );
  r.get(
    `${PREFIX}/profiles/mentor`,
    {
      schema: {
        tags: profileTags,
        summary: "Mentor profiles",
        security: SECURED,
        response: { 200: z.array(Mentor), ...denied },
      },
    },
    async (request) => listMentorProfiles(db, requireAccount(request)),
  );
  for (const kind of ["company", "investor"] as const) {
    r.get(
      `${PREFIX}/profiles/${kind}/:orgId`,
      {
        schema: {
          tags: profileTags,
          summary: `A ${kind}'s profile`,
          security: SECURED,
          params: OrgParams,
          response: { 200: Profile, ...denied },
        },
      },
      async (request) => getPartnerProfile(db, requireAccount(request), request.params.orgId),
    );
  }
  r.put(
    `${PREFIX}/profiles/company/:orgId`,
    {
      schema: {
        tags: profileTags,
        summary: "Set a company's interests (its own members, admins)",
        security: SECURED,
        params: OrgParams,
        body: CompanyProfileInput,
        response: { 200: Profile, ...denied },
      },
    },
    async (request) => saveCompanyProfile(db, requireAccount(request), request.params.orgId, request.body),
  );
  r.put(
    `${PREFIX}/profiles/investor/:orgId`,
    {
      schema: {
        tags: profileTags,
        summary: "Set an investor's interests (its own members, admins)",
        security: SECURED,
        params: OrgParams,
        body: InvestorProfileInput,
        response: { 200: Profile, ...denied },
      },
    },
    async (request) => saveInvestorProfile(db, requireAccount(request), request.params.orgId, request.body),
  );
  r.get(
    `${PREFIX}/profiles/mentor/:userId`,
    {
      schema: {
        tags: profileTags,
        summary: "A mentor's profile",
        security: SECURED,
        params: UserParams,
        response: { 200: Mentor, ...denied },
      },
    },
    async (request) => getMentorProfile(db, requireAccount(request), request.params.userId),
  );
  r.put(
    `${PREFIX}/profiles/mentor/:userId`,
    {
      schema: {
        tags: profileTags,
        summary: "Set a mentor's expertise and capacity (the mentor, admins)",
        security: SECURED,
        params: UserParams,
        body: MentorProfileInput,
        response: { 200: Mentor, ...denied },
      },
    },
    async (request) => saveMentorProfile(db, requireAccount(request), request.params.userId, request.body),
  );

  // --- matching ---------------------------------------------------------------------------------
  const matchTags = ["partnering: matching"];
  const Limit = z.object({ limit: z.coerce.number().int().min(1).max(100).optional() });
  r.get(
    `${PREFIX}/seeds/:id/matches`,
    {
      schema: {
        tags: matchTags,
        summary: "Companies, investors and mentors ranked for a seed, each with its per-feature explanation",
        security: SECURED,
        params: IdParams,
        querystring: Limit,
        response: {
          200: result("SeedMatches", "seed teaser, weights used, ranked companies, investors, mentors"),
          ...denied,
        },
      },
    },
    async (request) => {
      const account = requireAccount(request);
      const { limit } = request.query;
      return matchesForSeed(db, account, request.params.id, {
        ...(await matchOptions()),
        ...(limit ? { limit } : {}),
      });
    },
  );
  r.get(
    `${PREFIX}/organisations/:id/seed-matches`,
    {
      schema: {
        tags: matchTags,
        summary: "Seeds ranked for a company or investor, with explanations",
        security: SECURED,
        params: IdParams,
        querystring: Limit,
        response: { 200: result("OrganisationMatches", "the organisation and its ranked seeds"), ...denied },
      },
    },
    async (request) => {
      const account = requireAccount(request);
      const { limit } = request.query;
      return seedsForOrganisation(db, account, request.params.id, {
        ...(await matchOptions()),
        ...(limit ? { limit } : {}),
      });
    },
  );
  r.post(
    `${PREFIX}/feedback`,
    {
      schema: {
        tags: matchTags,
        summary: "Answer a proposed match (accept, decline, not now) with reasons",
        security: SECURED,
        body: FeedbackInput,
        response: { 201: result("MatchFeedbackResult", "the stored answer"), ...denied },
      },
    },
    async (request, reply) => {
      const account = requireAccount(request);
      return reply.status(201).send(await recordFeedback(db, account, request.body, await matchOptions()));
    },
  );
  r.get(
    `${PREFIX}/reports/unmatched`,
    {
      schema: {
        tags: matchTags,
        summary: "Seeds without a good match, and why (programme staff; researchers and TLOs: their own)",
        security: SECURED,
        response: { 200: result("UnmatchedReport", "unmatched seeds with their best candidates"), ...denied },
      },
    },
    async (request) => {
      const account = requireAccount(request);
      return unmatchedReport(db, account, await matchOptions());
    },
  );
  r.get(
    `${PREFIX}/reports/ranking-quality`,
    {
      schema: {
        tags: matchTags,
        summary: "Held-out evaluation: where past deals in [from, to] would have ranked (hit@k, MRR)",
        security: SECURED,
        querystring: z.object({
          from: IsoDate,
          to: IsoDate,
          k: z.coerce.number().int().min(1).max(100).default(10),
        }),
        response: { 200: result("HeldOutEvaluation", "ranking quality on held-out deals"), ...denied },
      },
    },
    async (request) => {
      const { from, to, k } = request.query;
      return evaluateHeldOutDeals(db, requireAccount(request), { from, to }, k);
    },
  );
  const WeightsQuery = z.object({ programme: WeightsScope.default("*") });
  r.get(
    `${PREFIX}/weights`,
    {
      schema: {
        tags: matchTags,
        summary: "The matching weights of a programme ('*' = the default setting)",
        security: SECURED,
        querystring: WeightsQuery,
        response: { 200: result("StoredWeights", "weights with where they come from"), ...denied },
      },
    },
    async (request) => getMatchWeights(db, requireAccount(request), request.query.programme),
  );
  r.put(
    `${PREFIX}/weights`,
    {
      schema: {
        tags: matchTags,
        summary: "Set a programme's matching weights (programme staff)",
        security: SECURED,
        querystring: WeightsQuery,
        body: MatchWeightsInput,
        response: { 200: result("StoredWeightsSet", "the weights now in force"), ...denied },
      },
    },
    async (request) => setMatchWeights(db, requireAccount(request), request.query.programme, request.body),
  );

  // --- outreach ---------------------------------------------------------------------------------
  const outreachTags = ["partnering: outreach"];
  r.post(
    `${PREFIX}/outreach`,
    {
      schema: {
        tags: outreachTags,
        summary: "Approach a seed's owner (companies, investors): only the seed's public teaser is shared",
        security: SECURED,
        body: OutreachInput,
        response: { 201: Outreach, ...denied },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await sendOutreach(db, requireAccount(request), request.body, undefined, community)),
  );
  r.get(
    `${PREFIX}/outreach`,
    {
      schema: {
        tags: outreachTags,
        summary: "Outreach your organisation sent and received",
        security: SECURED,
        response: {
          200: z.object({ sent: z.array(Outreach), received: z.array(Outreach) }),
          ...denied,
        },
      },
    },
    async (request) => listOutreach(db, requireAccount(request)),
  );
  r.get(
    `${PREFIX}/outreach/:id`,
    {
      schema: {
        tags: outreachTags,
        summary: "One outreach (sender and seed owner)",
        security: SECURED,
        params: IdParams,
        response: { 200: Outreach, ...denied },
      },
    },
    async (request) => getOutreach(db, requireAccount(request), request.params.id),
  );
  r.post(
    `${PREFIX}/outreach/:id/decision`,
    {
      schema: {
        tags: outreachTags,
        summary: "The seed owner accepts (starting the NDA access grant) or declines",
        security: SECURED,
        params: IdParams,
        body: OutreachDecisionInput,
        response: { 200: Outreach, ...denied },
      },
    },
    async (request) =>
      decideOutreach(db, requireAccount(request), request.params.id, request.body, undefined, community),
  );
  r.post(
    `${PREFIX}/outreach/:id/withdraw`,
    {
      schema: {
        tags: outreachTags,
        summary: "The sender withdraws an unanswered outreach",
        security: SECURED,
        params: IdParams,
        response: { 200: Outreach, ...denied },
      },
    },
    async (request) => withdrawOutreach(db, requireAccount(request), request.params.id),
  );

  // --- consultation desk ------------------------------------------------------------------------
  const deskTags = ["partnering: desk"];
  r.post(
    `${PREFIX}/desk/cases`,
    {
      schema: {
        tags: deskTags,
        summary: "Ask the consultation desk; the case is triaged to an expert at once",
        security: SECURED,
        body: CaseIntake,
        response: { 201: DeskCase, ...denied },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await submitCase(store.db, requireAccount(request), request.body, community)),
  );
  r.get(
    `${PREFIX}/desk/cases`,
    {
      schema: {
        tags: deskTags,
        summary: "Cases you may see: your organisation's, those assigned to you, or all (desk admins)",
        security: SECURED,
        querystring: z.object({
          status: z.enum(CASE_STATUSES).optional(),
          topic: z.enum(DESK_TOPICS).optional(),
        }),
        response: { 200: z.array(result("DeskCaseSummary", "a case in a list")), ...denied },
      },
    },
    async (request) => {
      const { status, topic } = request.query;
      return listCases(
        store.db,
        requireAccount(request),
        { ...(status ? { status } : {}), ...(topic ? { topic } : {}) },
        community,
      );
    },
  );
  r.get(
    `${PREFIX}/desk/cases/:id`,
    {
      schema: {
        tags: deskTags,
        summary: "A case",
        security: SECURED,
        params: IdParams,
        response: { 200: DeskCase, ...denied },
      },
    },
    async (request) => getCase(store.db, requireAccount(request), request.params.id, community),
  );
  r.post(
    `${PREFIX}/desk/cases/:id/acknowledge`,
    {
      schema: {
        tags: deskTags,
        summary: "The assigned expert takes the case up (first response)",
        security: SECURED,
        params: IdParams,
        response: { 200: DeskCase, ...denied },
      },
    },
    async (request) => acknowledgeCase(store.db, requireAccount(request), request.params.id, community),
  );
  r.post(
    `${PREFIX}/desk/cases/:id/notes`,
    {
      schema: {
        tags: deskTags,
        summary: "Add a note to a case",
        security: SECURED,
        params: IdParams,
        body: NoteBody,
        response: { 201: result("CaseNote", "a case note"), ...denied },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addCaseNote(store.db, requireAccount(request), request.params.id, request.body, community),
        ),
  );
  r.post(
    `${PREFIX}/desk/cases/:id/follow-ups`,
    {
      schema: {
        tags: deskTags,
        summary: "Add a follow-up with a due date (the expert, desk admins)",
        security: SECURED,
        params: IdParams,
        body: FollowUpBody,
        response: { 201: result("FollowUp", "a follow-up"), ...denied },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addFollowUp(store.db, requireAccount(request), request.params.id, request.body, community),
        ),
  );
  r.post(
    `${PREFIX}/desk/cases/:id/assign`,
    {
      schema: {
        tags: deskTags,
        summary: "A desk admin assigns or reassigns a case to an expert",
        security: SECURED,
        params: IdParams,
        body: AssignBody,
        response: { 200: DeskCase, ...denied },
      },
    },
    async (request) =>
      assignCase(store.db, requireAccount(request), request.params.id, request.body.expertId, community),
  );
  r.post(
    `${PREFIX}/desk/follow-ups/:id/complete`,
    {
      schema: {
        tags: deskTags,
        summary: "Mark a follow-up done (the expert, a desk admin or the requester's side)",
        security: SECURED,
        params: IdParams,
        response: { 200: DeskCase, ...denied },
      },
    },
    async (request) => completeFollowUp(store.db, requireAccount(request), request.params.id, community),
  );
  r.post(
    `${PREFIX}/desk/bookings/:id/cancel`,
    {
      schema: {
        tags: deskTags,
        summary: "Cancel an Open Hours booking before the slot starts; the slot opens again",
        security: SECURED,
        params: IdParams,
        response: { 200: DeskCase, ...denied },
      },
    },
    async (request) => cancelBooking(store.db, requireAccount(request), request.params.id, community),
  );
  r.post(
    `${PREFIX}/desk/cases/:id/close`,
    {
      schema: {
        tags: deskTags,
        summary: "Close a case with its outcome",
        security: SECURED,
        params: IdParams,
        body: CloseBody,
        response: { 200: DeskCase, ...denied },
      },
    },
    async (request) =>
      closeCase(store.db, requireAccount(request), request.params.id, request.body, community),
  );
  r.post(
    `${PREFIX}/desk/cases/:id/rating`,
    {
      schema: {
        tags: deskTags,
        summary: "The requester rates a closed case (1–5)",
        security: SECURED,
        params: IdParams,
        body: RatingBody,
        response: { 200: DeskCase, ...denied },
      },
    },
    async (request) =>
      rateCase(store.db, requireAccount(request), request.params.id, request.body, community),
  );
  r.post(
    `${PREFIX}/desk/slots`,
    {
      schema: {
        tags: deskTags,
        summary: "Publish Open Hours slots (desk experts)",
        security: SECURED,
        body: SlotsBody,
        response: { 201: z.array(Slot), ...denied },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await publishSlots(store.db, requireAccount(request), request.body, community)),
  );
  r.get(
    `${PREFIX}/desk/slots`,
    {
      schema: {
        tags: deskTags,
        summary: "Open slots to book; mine=true: an expert's own slots with their bookings",
        security: SECURED,
        querystring: z.object({
          topic: z.enum(DESK_TOPICS).optional(),
          expertId: z.uuid().optional(),
          mine: z.enum(["true", "false"]).optional(),
        }),
        response: { 200: z.array(Slot), ...denied },
      },
    },
    async (request) => {
      const account = requireAccount(request);
      const { topic, expertId, mine } = request.query;
      if (mine === "true") return listMySlots(store.db, account, community);
      return listOpenSlots(
        store.db,
        account,
        { ...(topic ? { topic } : {}), ...(expertId ? { expertId } : {}) },
        community,
      );
    },
  );
  r.post(
    `${PREFIX}/desk/slots/:id/book`,
    {
      schema: {
        tags: deskTags,
        summary: "Book a slot for an existing case, or with an intake that opens one",
        security: SECURED,
        params: IdParams,
        body: BookingBody,
        response: { 200: DeskCase, ...denied },
      },
    },
    async (request) =>
      bookSlot(store.db, requireAccount(request), request.params.id, request.body as BookingBody, community),
  );
  r.get(
    `${PREFIX}/desk/metrics`,
    {
      schema: {
        tags: deskTags,
        summary: "Desk metrics: cases by topic and status, first-response times, outcomes, satisfaction",
        security: SECURED,
        querystring: z.object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() }),
        response: { 200: result("DeskMetrics", "desk metrics for the period"), ...denied },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return deskMetrics(store.db, requireAccount(request), {
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      });
    },
  );
  r.get(
    `${PREFIX}/desk/experts`,
    {
      schema: {
        tags: deskTags,
        summary: "The desk's experts and their topics (open cases for desk admins and the expert)",
        security: SECURED,
        querystring: z.object({ topic: z.enum(DESK_TOPICS).optional() }),
        response: { 200: z.array(DeskExpert), ...denied },
      },
    },
    async (request) => listExperts(store.db, requireAccount(request), request.query.topic),
  );
  r.post(
    `${PREFIX}/desk/experts`,
    {
      schema: {
        tags: deskTags,
        summary: "Declare yourself (or, as a desk admin, userId) a desk expert with topics and capacity",
        security: SECURED,
        querystring: z.object({ userId: z.uuid().optional() }),
        body: ExpertDeclaration,
        response: { 200: DeskExpert, ...denied },
      },
    },
    async (request) => {
      const account = requireAccount(request);
      return declareExpert(store.db, account, request.body, request.query.userId ?? account.id);
    },
  );

  // --- notifications ----------------------------------------------------------------------------
  const noticeTags = ["partnering: notifications"];
  const Notification = result("Notification", "an in-app notification");
  r.get(
    `${PREFIX}/notifications`,
    {
      schema: {
        tags: noticeTags,
        summary: "Your notifications, newest first, with the unread count",
        security: SECURED,
        querystring: z.object({
          unread: z.enum(["true", "false"]).optional(),
          limit: z.coerce.number().int().min(1).max(200).optional(),
        }),
        response: { 200: z.object({ notifications: z.array(Notification), unread: z.number() }), ...denied },
      },
    },
    async (request) => {
      const { unread, limit } = request.query;
      return listNotifications(store.db, requireAccount(request), {
        ...(unread === "true" ? { unreadOnly: true } : {}),
        ...(limit ? { limit } : {}),
      });
    },
  );
  r.post(
    `${PREFIX}/notifications/:id/read`,
    {
      schema: {
        tags: noticeTags,
        summary: "Mark one of your notifications read",
        security: SECURED,
        params: IdParams,
        response: { 200: Notification, ...denied },
      },
    },
    async (request) => markNotificationRead(store.db, requireAccount(request), request.params.id),
  );
  r.post(
    `${PREFIX}/notifications/read-all`,
    {
      schema: {
        tags: noticeTags,
        summary: "Mark all your notifications read",
        security: SECURED,
        response: { 200: z.object({ marked: z.number() }), ...denied },
      },
    },
    async (request) => markAllNotificationsRead(store.db, requireAccount(request)),
  );

  // --- consortia --------------------------------------------------------------------------------
  const consortiumTags = ["partnering: consortia"];
  const Consortium = result(
    "Consortium",
    "a consortium as the caller may see it (members see the catalogue)",
  );
  r.post(
    `${PREFIX}/consortia`,
    {
      schema: {
        tags: consortiumTags,
        summary: "Found a disease-area consortium (programme stewards)",
        security: SECURED,
        body: ConsortiumInput,
        response: { 201: Consortium, ...denied },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createConsortium(store.db, requireAccount(request), request.body, community)),
  );
  r.get(
    `${PREFIX}/consortia`,
    {
      schema: {
        tags: consortiumTags,
        summary: "Consortia, with your organisation's membership",
        security: SECURED,
        response: { 200: z.array(result("ConsortiumCard", "a consortium's public card")), ...denied },
      },
    },
    async (request) => listConsortia(store.db, requireAccount(request)),
  );
  r.get(
    `${PREFIX}/consortia/:id`,
    {
      schema: {
        tags: consortiumTags,
        summary: "A consortium",
        security: SECURED,
        params: IdParams,
        response: { 200: Consortium, ...denied },
      },
    },
    async (request) => getConsortium(store.db, requireAccount(request), request.params.id),
  );
  r.post(
    `${PREFIX}/consortia/:id/members`,
    {
      schema: {
        tags: consortiumTags,
        summary: "Add a member organisation or change its role",
        security: SECURED,
        params: IdParams,
        body: MemberInput,
        response: { 200: Consortium, ...denied },
      },
    },
    async (request) =>
      setMember(store.db, requireAccount(request), request.params.id, request.body, community),
  );
  r.post(
    `${PREFIX}/consortia/:id/specimens`,
    {
      schema: {
        tags: consortiumTags,
        summary: "Add specimens to the shared catalogue (no personal data; current terms accepted)",
        security: SECURED,
        params: IdParams,
        body: SpecimensBody,
        response: { 200: Consortium, ...denied },
      },
    },
    async (request) => addSpecimens(store.db, requireAccount(request), request.params.id, request.body),
  );
  r.post(
    `${PREFIX}/consortia/:id/terms`,
    {
      schema: {
        tags: consortiumTags,
        summary: "Publish a new version of the data-sharing terms (the lead)",
        security: SECURED,
        params: IdParams,
        body: TermsBody,
        response: { 200: Consortium, ...denied },
      },
    },
    async (request) =>
      publishTerms(store.db, requireAccount(request), request.params.id, request.body, community),
  );
  r.post(
    `${PREFIX}/consortia/:id/terms/accept`,
    {
      schema: {
        tags: consortiumTags,
        summary: "Accept a version of the terms for your organisation",
        security: SECURED,
        params: IdParams,
        body: z.strictObject({ version: z.number().int().min(1) }),
        response: { 200: Consortium, ...denied },
      },
    },
    async (request) =>
      acceptTerms(store.db, requireAccount(request), request.params.id, request.body.version),
  );
  r.post(
    `${PREFIX}/consortia/:id/projects`,
    {
      schema: {
        tags: consortiumTags,
        summary: "Record a joint project on members' seeds",
        security: SECURED,
        params: IdParams,
        body: ProjectBody,
        response: { 200: Consortium, ...denied },
      },
    },
    async (request) => addJointProject(store.db, requireAccount(request), request.params.id, request.body),
  );

  // --- forum ------------------------------------------------------------------------------------
  const forumTags = ["partnering: forum"];
  const Thread = result("ForumThread", "a forum thread with its posts");
  r.post(
    `${PREFIX}/forum/threads`,
    {
      schema: {
        tags: forumTags,
        summary: "Open a thread (public, or for one consortium's members)",
        security: SECURED,
        body: ThreadInput,
        response: { 201: Thread, ...denied },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createThread(store.db, requireAccount(request), request.body, community)),
  );
  r.get(
    `${PREFIX}/forum/threads`,
    {
      schema: {
        tags: forumTags,
        summary: "Threads you may read, newest activity first",
        security: SECURED,
        querystring: z.object({ topic: z.enum(FORUM_TOPICS).optional(), consortiumId: z.uuid().optional() }),
        response: { 200: z.array(result("ForumThreadSummary", "a thread in a list")), ...denied },
      },
    },
    async (request) => {
      const { topic, consortiumId } = request.query;
      return listThreads(store.db, requireAccount(request), {
        ...(topic ? { topic } : {}),
        ...(consortiumId ? { consortiumId } : {}),
      });
    },
  );
  r.get(
    `${PREFIX}/forum/threads/:id`,
    {
      schema: {
        tags: forumTags,
        summary: "A thread with its posts",
        security: SECURED,
        params: IdParams,
        response: { 200: Thread, ...denied },
      },
    },
    async (request) => getThread(store.db, requireAccount(request), request.params.id),
  );
  r.post(
    `${PREFIX}/forum/threads/:id/posts`,
    {
      schema: {
        tags: forumTags,
        summary: "Reply in a thread",
        security: SECURED,
        params: IdParams,
        body: PostBody,
        response: { 201: Thread, ...denied },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addPost(store.db, requireAccount(request), request.params.id, request.body, community)),
  );
  r.get(
    `${PREFIX}/forum/threads/:id/minutes.md`,
    {
      schema: {
        tags: forumTags,
        summary: "The thread's minutes as Markdown, in the language of Accept-Language",
        security: SECURED,
        params: IdParams,
      },
    },
    async (request, reply) => {
      const minutes = await exportMinutes(
        store.db,
        requireAccount(request),
        request.params.id,
        localeOf(request),
        community,
      );
      return reply
        .type("text/markdown; charset=utf-8")
        .header("content-disposition", `attachment; filename="thread-${request.params.id}.md"`)
        .send(minutes.markdown);
    },
  );
}
