/**
 * The consortia and forum API of partnering (issue 9). Shapes follow @kakehashi/partnering's consortia and
 * forum modules (dates arrive as ISO strings); defined here so that the browser bundle pulls in no server code.
 */
import type { ClinicalDataItem, ForumTopic, MemberRole, SpecimenType } from "@kakehashi/partnering/terms";
import { queryString, requestJson } from "../../../api.ts";

export type { ClinicalDataItem, ForumTopic, MemberRole, SpecimenType } from "@kakehashi/partnering/terms";
export {
  CLINICAL_DATA_ITEMS,
  FORUM_TOPICS,
  MEMBER_ROLES,
  SPECIMEN_TYPES,
} from "@kakehashi/partnering/terms";

export interface ConsortiumCard {
  id: string;
  nameJa: string;
  nameEn: string;
  icd10Area: string;
  publicDescriptionJa: string;
  publicDescriptionEn: string;
  /** the caller's organisation's role in it, or null for a non-member */
  membership: MemberRole | null;
}

export interface ConsortiumMember {
  organisation: { id: string; nameJa: string; nameEn: string; kind: string };
  role: MemberRole;
  joinedOn: string;
  acceptedCurrentTerms: boolean;
}

export interface SpecimenEntry {
  id: string;
  organisation: { id: string; nameJa: string; nameEn: string };
  specimenType: SpecimenType;
  icd10: string;
  count: number;
  clinicalData: Partial<Record<ClinicalDataItem, boolean>>;
  collectedFromYear?: number | null;
  collectedToYear?: number | null;
}

export interface JointProject {
  id: string;
  titleJa: string;
  titleEn: string;
  startedOn: string;
  seeds: { id: string; titleJa: string; titleEn: string; organisation: { id: string; nameEn: string } }[];
}

export interface ConsortiumDetail {
  members: ConsortiumMember[];
  specimens: SpecimenEntry[];
  totals: {
    specimens: number;
    byType: Partial<Record<SpecimenType, number>>;
    byIcd10: Record<string, number>;
    withClinicalData: Record<ClinicalDataItem, number>;
  };
  terms: { version: number; textJa: string; textEn: string; publishedAt: string } | null;
  myOrganisationAccepted: boolean;
  projects: JointProject[];
}

export interface Consortium extends ConsortiumCard {
  /** everything else, for members and admins only; null for everyone else */
  detail: ConsortiumDetail | null;
}

export interface ConsortiumInput {
  nameJa: string;
  nameEn: string;
  icd10Area: string;
  publicDescriptionJa: string;
  publicDescriptionEn: string;
  members: { organisationId: string; role: MemberRole | "" }[];
}

/** One catalogue line as sent; other keys are sent as typed so that the server can refuse them. */
export type SpecimenLine = Record<string, unknown>;

export interface ProjectInput {
  titleJa: string;
  titleEn: string;
  startedOn: string;
  seedIds: string[];
}

const C = "/api/partnering/consortia";
const path = (id: string, rest = "") => `${C}/${encodeURIComponent(id)}${rest}`;

export const listConsortia = () => requestJson<ConsortiumCard[]>(C);
export const getConsortium = (id: string) => requestJson<Consortium>(path(id));
export const createConsortium = (body: ConsortiumInput) =>
  requestJson<Consortium>(C, { method: "POST", body });
export const setConsortiumMember = (id: string, body: { organisationId: string; role: MemberRole | "" }) =>
  requestJson<Consortium>(path(id, "/members"), { method: "POST", body });
export const addSpecimens = (id: string, specimens: SpecimenLine[]) =>
  requestJson<Consortium>(path(id, "/specimens"), { method: "POST", body: { specimens } });
export const publishTerms = (id: string, body: { textJa: string; textEn: string }) =>
  requestJson<Consortium>(path(id, "/terms"), { method: "POST", body });
export const acceptTerms = (id: string, version: number) =>
  requestJson<Consortium>(path(id, "/terms/accept"), { method: "POST", body: { version } });
export const addJointProject = (id: string, body: ProjectInput) =>
  requestJson<Consortium>(path(id, "/projects"), { method: "POST", body });

export interface ForumAuthor {
  id: string;
  name: string;
  organisation: { id: string; nameJa: string; nameEn: string };
}

export interface ForumPost {
  id: string;
  author: ForumAuthor;
  /** written by a regulator-role user: the regulator's voice */
  asRegulator: boolean;
  body: string;
  createdAt: string;
}

export interface ThreadSummary {
  id: string;
  title: string;
  topic: ForumTopic;
  consortium: { id: string; nameJa: string; nameEn: string } | null;
  startedBy: ForumAuthor;
  createdAt: string;
  posts: number;
  regulatorPosts: number;
  lastPostAt: string;
}

export interface ForumThread extends Omit<ThreadSummary, "posts" | "regulatorPosts" | "lastPostAt"> {
  posts: ForumPost[];
}

export interface ThreadInput {
  title: string;
  topic: ForumTopic | "";
  consortiumId?: string | null;
  body: string;
}

const F = "/api/partnering/forum/threads";
const threadPath = (id: string, rest = "") => `${F}/${encodeURIComponent(id)}${rest}`;

export const listThreads = (query: { topic?: string; consortiumId?: string }) =>
  requestJson<ThreadSummary[]>(`${F}${queryString(query)}`);
export const getThread = (id: string) => requestJson<ForumThread>(threadPath(id));
export const createThread = (body: ThreadInput) => requestJson<ForumThread>(F, { method: "POST", body });
export const addPost = (id: string, body: string) =>
  requestJson<ForumThread>(threadPath(id, "/posts"), { method: "POST", body: { body } });
/** The minutes in Markdown (a download: use it as a link's href). */
export const minutesHref = (id: string) => threadPath(id, "/minutes.md");

/** Roles whose users work with a consortium's catalogue for a member organisation (see consortia.ts). */
const CONTRIBUTOR_ROLES = ["researcher", "tlo", "company"];
export const isContributor = (roles: readonly string[]) => roles.some((r) => CONTRIBUTOR_ROLES.includes(r));
export const isSteward = (roles: readonly string[]) => roles.some((r) => r === "admin" || r === "funder");
