import {
  EvidenceKind,
  IntegrityLevel,
  IpOffice,
  IpStatus,
  Modality,
  OutcomeKind,
  Programme,
  Stage,
} from "@kakehashi/pipeline";
import { z } from "zod";

/** Response shapes of the seed pipeline routes (documentation and serialisation). */

const OrgName = z.object({ nameJa: z.string(), nameEn: z.string() });
const Bilingual = z.object({ ja: z.string(), en: z.string() });

export const SeedSummarySchema = z
  .object({
    id: z.uuid(),
    organisation: OrgName.extend({ id: z.uuid() }),
    programme: Programme,
    titleJa: z.string(),
    titleEn: z.string(),
    targetSymbol: z.string().nullable(),
    targetUniprot: z.string().nullable(),
    modality: Modality,
    icd10: z.string(),
    indication: z.string(),
    stage: Stage,
    publicSummaryJa: z.string(),
    publicSummaryEn: z.string(),
    publicSince: z.string().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "SeedSummary", description: "The public, non-confidential face of a seed" });

export const SeedViewSchema = z
  .object({
    seed: SeedSummarySchema,
    access: z.enum(["owner", "grant", "public"]),
    confidential: z.object({ details: z.string() }).nullable(),
    stageHistory: z.array(z.object({ stage: Stage, enteredOn: z.string() })),
  })
  .meta({ id: "SeedView" });

export const EvidenceSchema = z
  .object({
    id: z.uuid(),
    seedId: z.uuid(),
    kind: EvidenceKind,
    title: z.string(),
    result: z.string(),
    performedOn: z.string(),
    performedBy: z.string(),
    replications: z.number(),
    reproducedByOtherLab: z.boolean(),
    integrityLevel: IntegrityLevel,
    files: z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        mediaType: z.string(),
        sizeBytes: z.number(),
        sha256: z.string(),
      }),
    ),
  })
  .meta({ id: "Evidence" });

export const ReadinessSchema = z
  .object({
    ruleVersion: z.number(),
    stage: Stage,
    modality: Modality,
    nextGate: Stage.nullable(),
    gates: z.array(
      z.object({
        gate: Stage,
        status: z.enum(["passed", "ready", "not_ready"]),
        requirements: z.array(
          z.object({
            requirement: z.string(),
            labelJa: z.string(),
            labelEn: z.string(),
            satisfied: z.boolean(),
            satisfiedBy: z.array(z.string()),
            reasons: z.array(Bilingual.extend({ code: z.string() })),
          }),
        ),
      }),
    ),
  })
  .meta({ id: "ReadinessAssessment" });

export const IpDeadlineSchema = z.object({
  familyId: z.string(),
  kind: z.enum(["foreign_filing", "national_phase", "publication"]),
  office: IpOffice.nullable(),
  dueDate: z.string(),
  daysLeft: z.number(),
  met: z.boolean(),
  warning: z.enum(["overdue", "due_30", "due_90"]).nullable(),
  lapsed: z.boolean().meta({ description: "unmet and passed more than 60 days ago: no longer warned about" }),
  labelJa: z.string(),
  labelEn: z.string(),
});

export const IpSchema = z
  .object({
    families: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        priorityDate: z.string(),
        applications: z.array(
          z.object({
            id: z.string(),
            office: IpOffice,
            status: IpStatus,
            filedOn: z.string().nullable(),
            number: z.string().nullish(),
          }),
        ),
        deadlines: z.array(IpDeadlineSchema),
      }),
    ),
    disclosure: Bilingual.extend({
      code: z.enum(["published_before_priority", "published_without_filing"]),
    }).nullable(),
  })
  .meta({ id: "SeedIp" });

export const RoadmapSchema = z
  .object({
    milestones: z.array(
      z.object({
        id: z.uuid(),
        title: z.string(),
        ownerSide: z.enum(["academia", "company"]),
        startsOn: z.string(),
        dueOn: z.string(),
        deliverable: z.string(),
        goCriteria: z.string(),
        decision: z.enum(["pending", "go", "no_go"]),
        decidedOn: z.string().nullable(),
        completedOn: z.string().nullable(),
        late: z.boolean(),
      }),
    ),
    agreements: z.array(
      z.object({
        id: z.uuid(),
        companyOrganisationId: z.uuid(),
        companyOrganisation: OrgName,
        scheme: Programme,
        signedOn: z.string(),
        roleSplit: z.string(),
        companyMoneyJpy: z.number(),
        inKindDescription: z.string(),
        inKindJpy: z.number().nullish(),
      }),
    ),
    lateCount: z.number(),
  })
  .meta({ id: "Roadmap" });

export const AccessGrantSchema = z
  .object({
    id: z.uuid(),
    seedId: z.uuid(),
    seedTitleJa: z.string(),
    seedTitleEn: z.string(),
    organisation: OrgName.extend({ id: z.uuid() }),
    requestMessage: z.string(),
    status: z.enum(["requested", "active", "declined", "revoked", "expired"]),
    ndaReference: z.string().nullable(),
    expiresOn: z.string().nullable(),
    createdAt: z.date(),
    decidedAt: z.date().nullable(),
  })
  .meta({ id: "AccessGrant" });

export const OutcomeSchema = z
  .object({
    id: z.uuid(),
    seedId: z.uuid(),
    kind: OutcomeKind,
    occurredOn: z.string(),
    amountJpy: z.number().nullable(),
    partner: OrgName.extend({ id: z.uuid() }).nullable(),
    note: z.string(),
  })
  .meta({ id: "Outcome" });

export const ImportReportSchema = z
  .object({ seeds: z.number(), evidence: z.number() })
  .meta({ id: "ImportReport" });

export const KpisSchema = z
  .object({
    seeds: z.number(),
    dealsByProgrammeYear: z.array(z.object({ programme: Programme, year: z.number(), deals: z.number() })),
    patents: z.object({
      filed: z.number(),
      granted: z.number(),
      byYear: z.array(z.object({ year: z.number(), filed: z.number(), granted: z.number() })),
    }),
    companyMoney: z.object({
      projects: z.number(),
      totalJpy: z.number(),
      meanJpy: z.number().nullable(),
      medianJpy: z.number().nullable(),
    }),
    inKind: z.object({ projects: z.number(), totalJpy: z.number() }),
    fundingRounds: z.object({ count: z.number(), totalJpy: z.number() }),
    approvals: z.number(),
    funnel: z.array(z.object({ stage: Stage, reached: z.number(), conversion: z.number().nullable() })),
    timeInStage: z.array(z.object({ stage: Stage, medianDays: z.number().nullable(), n: z.number() })),
  })
  .meta({
    id: "Kpis",
    description: "Programme KPIs; definitions beside each field in the API docs and dashboard",
  });
