import { createHash } from "node:crypto";
import { listValue } from "@duckdb/node-api";
import { type core, z } from "zod";
import type { DataSource } from "../cdm/DataSource.ts";
import { type CdmTable, cdmTable } from "../cdm/schema.ts";
import { ImportError, type ImportProblem } from "./ImportError.ts";

/** NDJSON text (one resource a line), a Bundle's JSON, or a single resource's JSON; `name` is used in messages. */
export type FhirInput = string | { name: string; text: string };

export interface FhirImportResult {
  /** sha256 over the inputs: the same inputs give the same id */
  fileSetId: string;
  /** resources read, imported or not */
  resources: number;
  tables: { table: string; rows: number; skippedDuplicates: number }[];
  /** resources left out, by type: unsupported types, Observations without a LOINC/JLAC10 code and a valueQuantity */
  ignored: Record<string, number>;
  /** "system|code" of codes not in the source's concept table: their rows carry concept 0 and the code as source value */
  unmappedCodes: string[];
  /** true when these exact inputs had been imported before: nothing was written */
  unchanged: boolean;
}

// OMOP concept ids fixed by the CDM conventions (type concepts and the few standard ones FHIR fixes by value sets).
const EHR = 32817;
const EHR_PRESCRIPTION = 32838;
const EHR_ADMINISTRATION = 32818;
const LAB = 32856;
const GENDER: Record<string, number> = { male: 8507, female: 8532 };
/** v3 ActCode encounter class → OMOP visit concept */
const VISIT: Record<string, number> = {
  AMB: 9202,
  IMP: 9201,
  ACUTE: 9201,
  NONAC: 9201,
  EMER: 9203,
  HH: 581476,
  VR: 5083,
};

/** Code systems the importer maps, by URL or OID pattern, to OMOP vocabulary ids (looked up in order). */
const SYSTEMS: { pattern: RegExp; vocabularies: string[] }[] = [
  { pattern: /icd-?10|icd10/i, vocabularies: ["ICD10", "ICD10CM"] },
  { pattern: /snomed/i, vocabularies: ["SNOMED"] },
  { pattern: /rxnorm/i, vocabularies: ["RxNorm", "RxNorm Extension"] },
  { pattern: /whocc\.no\/atc|\batc\b/i, vocabularies: ["ATC"] },
  // YJ (Japanese drug price-list code): urn:oid:1.2.392.100495.20.1.73 or JP Core's CodeSystem URL.
  { pattern: /yj|1\.2\.392\.100495\.20\.1\.73/i, vocabularies: ["YJ"] },
  { pattern: /loinc/i, vocabularies: ["LOINC"] },
  // JLAC10 lab code: urn:oid:1.2.392.200119.4.504 or JP Core's CodeSystem URL.
  { pattern: /jlac10|1\.2\.392\.200119\.4\.504/i, vocabularies: ["JLAC10"] },
];
const vocabulariesOf = (system: string | undefined): string[] =>
  SYSTEMS.find((s) => s.pattern.test(system ?? ""))?.vocabularies ?? [];
const CONDITION_VOCABULARIES = new Set(["ICD10", "SNOMED"]);
const DRUG_VOCABULARIES = new Set(["RxNorm", "ATC", "YJ"]);
const LAB_VOCABULARIES = new Set(["LOINC", "JLAC10"]);

// --- validation -------------------------------------------------------------------------------------------

const validDay = (s: string): boolean => {
  const [y, m, d] = s.slice(0, 10).split("-").map(Number);
  if (y === undefined || m === undefined || d === undefined) return true;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};
const id = z
  .string()
  .regex(/^[A-Za-z0-9\-.]{1,64}$/, "not a FHIR id: use 1 to 64 letters, digits, '-' or '.'");
const date = z
  .string()
  .regex(
    /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/,
    "not a FHIR date: write YYYY, YYYY-MM or YYYY-MM-DD",
  )
  .refine((s) => s.length < 10 || validDay(s), "no such day in the calendar: correct the date");
/** A dateTime down to the day at least: OMOP dates need the day. */
const dateTime = z
  .string()
  .regex(
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:([0-5]\d|60)(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/,
    "not a date with the day: write e.g. 2024-04-01 or 2024-04-01T09:30:00+09:00 (OMOP dates need the day)",
  )
  .refine(validDay, "no such day in the calendar: correct the date");
const reference = z.object({ reference: z.string().min(1, "empty reference: write e.g. Patient/123") });
const coding = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
const codeableConcept = z.object({ coding: z.array(coding).optional(), text: z.string().optional() });
const period = z.object({ start: dateTime.optional(), end: dateTime.optional() });
const quantity = z.object({
  value: z.number(),
  unit: z.string().optional(),
  system: z.string().optional(),
  code: z.string().optional(),
  comparator: z.string().optional(),
});

const patient = z.object({
  resourceType: z.literal("Patient"),
  id,
  gender: z.enum(["male", "female", "other", "unknown"]).optional(),
  birthDate: date,
});
const encounter = z.object({
  resourceType: z.literal("Encounter"),
  id,
  subject: reference,
  class: coding.optional(),
  period: z.object({ start: dateTime, end: dateTime.optional() }),
});
const condition = z
  .object({
    resourceType: z.literal("Condition"),
    id,
    subject: reference,
    code: codeableConcept,
    onsetDateTime: dateTime.optional(),
    recordedDate: dateTime.optional(),
    abatementDateTime: dateTime.optional(),
    encounter: reference.optional(),
  })
  .refine((c) => c.onsetDateTime ?? c.recordedDate, {
    path: ["onsetDateTime"],
    message: "missing: give onsetDateTime or recordedDate (condition_start_date is required)",
  });
const medicationRequest = z
  .object({
    resourceType: z.literal("MedicationRequest"),
    id,
    subject: reference,
    medicationCodeableConcept: codeableConcept,
    authoredOn: dateTime.optional(),
    encounter: reference.optional(),
    dispenseRequest: z
      .object({
        validityPeriod: period.optional(),
        expectedSupplyDuration: z
          .object({
            value: z.number().nonnegative(),
            unit: z.string().optional(),
            code: z.string().optional(),
          })
          .optional(),
        quantity: z.object({ value: z.number() }).optional(),
      })
      .optional(),
    dosageInstruction: z
      .array(z.object({ text: z.string().optional(), route: codeableConcept.optional() }))
      .optional(),
  })
  .refine((m) => m.dispenseRequest?.validityPeriod?.start ?? m.authoredOn, {
    path: ["authoredOn"],
    message:
      "missing: give authoredOn or dispenseRequest.validityPeriod.start (drug_exposure_start_date is required)",
  });
const medicationAdministration = z
  .object({
    resourceType: z.literal("MedicationAdministration"),
    id,
    subject: reference,
    medicationCodeableConcept: codeableConcept,
    effectiveDateTime: dateTime.optional(),
    effectivePeriod: period.optional(),
    context: reference.optional(),
    dosage: z
      .object({ route: codeableConcept.optional(), dose: z.object({ value: z.number() }).optional() })
      .optional(),
  })
  .refine((m) => m.effectiveDateTime ?? m.effectivePeriod?.start, {
    path: ["effectiveDateTime"],
    message:
      "missing: give effectiveDateTime or effectivePeriod.start (drug_exposure_start_date is required)",
  });
const observation = z.object({
  resourceType: z.literal("Observation"),
  id,
  subject: reference,
  code: codeableConcept,
  effectiveDateTime: dateTime.optional(),
  effectivePeriod: period.optional(),
  issued: z.string().optional(),
  valueQuantity: quantity.optional(),
  encounter: reference.optional(),
  referenceRange: z
    .array(
      z.object({
        low: z.object({ value: z.number() }).optional(),
        high: z.object({ value: z.number() }).optional(),
      }),
    )
    .optional(),
});

const SCHEMAS = {
  Patient: patient,
  Encounter: encounter,
  Condition: condition,
  MedicationRequest: medicationRequest,
  MedicationAdministration: medicationAdministration,
  Observation: observation,
} as const;
type Supported = keyof typeof SCHEMAS;
type Parsed = { [K in Supported]: z.infer<(typeof SCHEMAS)[K]> }[Supported];

/** Why each commonly missing field is needed, for messages. */
const NEEDED_FOR: Record<string, string> = {
  id: "it makes the OMOP row id, so a re-import adds nothing twice",
  birthDate: "OMOP person needs year_of_birth",
  subject: "the row needs its person: add a reference to the Patient",
  code: "the code is what the row records",
  medicationCodeableConcept:
    "the drug code is what the row records (medicationReference to a Medication resource is not supported: put the code inline)",
  period: "visit_start_date is required",
  start: "the start date is required",
};

interface Item {
  name: string;
  line: number;
  entry?: number;
  /** JSON path prefix of the resource: "" for NDJSON, "entry[3].resource" for a Bundle */
  prefix: string;
  raw: unknown;
}

// --- ids -----------------------------------------------------------------------------------------------------

/** Deterministic row id: the first 53 bits of sha256("Type/id"), so ids stay exact as JS numbers. */
function rowId(key: string): number {
  const digest = createHash("sha256").update(key).digest();
  return Number(digest.readBigUInt64BE(0) >> 11n) || 1;
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

// --- entry point -----------------------------------------------------------------------------------------------

/**
 * Imports FHIR R4 Patient, Encounter, Condition, MedicationRequest, MedicationAdministration and Observation
 * (laboratory, with valueQuantity) resources into the OMOP tables, with observation periods spanning each
 * person's events. All-or-nothing: any invalid resource refuses the whole input with an ImportError naming
 * the NDJSON line or Bundle entry and the JSON path. Row ids derive from resource ids, so a re-import adds
 * nothing twice.
 */
export async function importFhir(
  source: DataSource,
  input: FhirInput | FhirInput[],
): Promise<FhirImportResult> {
  const inputs = (Array.isArray(input) ? input : [input]).map((x, i, all) =>
    typeof x === "string" ? { name: all.length > 1 ? `input[${i}]` : "input", text: x } : x,
  );
  const hashes = inputs.map((x) => sha256(x.text));
  const fileSetId = sha256([...hashes].sort().join("\n"));
  const seen = await source.all<{ n: number }>(
    "SELECT count(*) AS n FROM kh_import_log WHERE file_set_id = $1",
    [fileSetId],
  );
  if ((seen[0]?.n ?? 0) > 0) {
    return { fileSetId, resources: 0, tables: [], ignored: {}, unmappedCodes: [], unchanged: true };
  }

  const problems: ImportProblem[] = [];
  const items = inputs.flatMap((x) => split(x.name, x.text, problems));
  const ignored: Record<string, number> = {};
  const resources: { item: Item; r: Parsed }[] = [];
  for (const item of items) {
    const type = (item.raw as { resourceType?: unknown } | null)?.resourceType;
    if (typeof type !== "string") {
      problems.push(
        problem(item, "resourceType", item.raw, "missing: every resource names its resourceType"),
      );
      continue;
    }
    if (!(type in SCHEMAS)) {
      ignored[type] = (ignored[type] ?? 0) + 1;
      continue;
    }
    const parsed = SCHEMAS[type as Supported].safeParse(item.raw);
    if (parsed.success) resources.push({ item, r: parsed.data as Parsed });
    else for (const issue of parsed.error.issues) problems.push(issueProblem(item, issue));
  }

  // References: "Patient/123", a full URL ending so, or a Bundle's "urn:uuid:…" fullUrl.
  const byUrl = new Map<string, string>();
  for (const item of items) {
    const raw = item.raw as { fullUrl?: unknown; resourceType?: unknown; id?: unknown };
    if (typeof raw?.fullUrl === "string") byUrl.set(raw.fullUrl, `${raw.resourceType}/${raw.id}`);
  }
  const target = (ref: string | undefined, type: string): string | undefined => {
    if (!ref) return undefined;
    const resolved = byUrl.get(ref) ?? ref;
    const match = new RegExp(`(?:^|/)${type}/([^/]+)$`).exec(resolved);
    return match?.[1];
  };

  const patients = new Set(resources.filter((x) => x.r.resourceType === "Patient").map((x) => x.r.id));
  // An invalid Patient is reported once; the resources pointing at it are not blamed again.
  const named = new Set(
    items
      .map((i) => i.raw as { resourceType?: unknown; id?: unknown } | null)
      .filter((r) => r?.resourceType === "Patient" && typeof r.id === "string")
      .map((r) => r?.id as string),
  );
  const encounters = new Set(resources.filter((x) => x.r.resourceType === "Encounter").map((x) => x.r.id));
  const subjects = new Map<string, { item: Item; ref: string }[]>();
  for (const { item, r } of resources) {
    if (r.resourceType === "Patient") continue;
    const patientId = target(r.subject.reference, "Patient");
    if (patientId === undefined) {
      problems.push(
        problem(
          item,
          "subject.reference",
          r.subject.reference,
          "not a Patient reference: write Patient/<id>",
        ),
      );
    } else if (!named.has(patientId)) {
      subjects.set(patientId, [...(subjects.get(patientId) ?? []), { item, ref: r.subject.reference }]);
    }
  }
  // Patients imported earlier count as present.
  if (subjects.size > 0) {
    const wanted = [...subjects.keys()].map((p) => rowId(`Patient/${p}`));
    const known = new Set(
      (
        await source.all<{ person_id: number }>(
          "SELECT person_id FROM person WHERE person_id IN (SELECT unnest($1::BIGINT[]))",
          [listValue(wanted.map((w) => BigInt(w)))],
        )
      ).map((r) => r.person_id),
    );
    for (const [patientId, refs] of subjects) {
      if (known.has(rowId(`Patient/${patientId}`))) continue;
      for (const { item, ref } of refs) {
        problems.push(
          problem(
            item,
            "subject.reference",
            ref,
            `Patient ${patientId} is neither in this input nor imported before: include its Patient resource`,
          ),
        );
      }
    }
  }
  const duplicates = new Map<string, Item>();
  for (const { item, r } of resources) {
    const key = `${r.resourceType}/${r.id}`;
    const first = duplicates.get(key);
    if (first) {
      problems.push(
        problem(
          item,
          "id",
          r.id,
          `${key} appears twice (also at ${where(first)}): keep one version of the resource`,
        ),
      );
    } else duplicates.set(key, item);
  }
  if (problems.length > 0) {
    problems.sort(
      (a, b) => a.file.localeCompare(b.file) || a.line - b.line || (a.entry ?? 0) - (b.entry ?? 0),
    );
    throw new ImportError(problems, 0, "FHIR import refused, nothing was written");
  }

  const concepts = await lookUpConcepts(
    source,
    resources.flatMap(({ r }) => codingsOf(r)),
  );
  // Encounters imported earlier link too.
  const elsewhere = new Set<string>();
  for (const { r } of resources) {
    const ref = "encounter" in r ? r.encounter?.reference : "context" in r ? r.context?.reference : undefined;
    const e = target(ref, "Encounter");
    if (e !== undefined && !encounters.has(e)) elsewhere.add(e);
  }
  if (elsewhere.size > 0) {
    const visits = new Set(
      (
        await source.all<{ id: number }>(
          "SELECT visit_occurrence_id AS id FROM visit_occurrence WHERE visit_occurrence_id IN (SELECT unnest($1::BIGINT[]))",
          [listValue([...elsewhere].map((e) => BigInt(rowId(`Encounter/${e}`))))],
        )
      ).map((v) => v.id),
    );
    for (const e of elsewhere) if (visits.has(rowId(`Encounter/${e}`))) encounters.add(e);
  }
  const unmapped = new Set<string>();
  const rows = buildRows(resources, concepts, unmapped, ignored, target, encounters);

  return source.transaction(async () => {
    const tables: FhirImportResult["tables"] = [];
    for (const [name, tableRows] of Object.entries(rows)) {
      if (tableRows.length === 0) continue;
      const table = cdmTable(name) as CdmTable;
      const added = await insertRows(source, table, tableRows);
      tables.push({ table: name, rows: added, skippedDuplicates: tableRows.length - added });
    }
    const persons = new Set([...patients, ...subjects.keys()].map((p) => rowId(`Patient/${p}`)));
    if (persons.size > 0)
      tables.push({ table: "observation_period", ...(await observationPeriods(source, persons)) });
    for (const [i, x] of inputs.entries()) {
      await source.run(
        "INSERT INTO kh_import_log VALUES ($1, $2, 'fhir', $3, $4, current_timestamp::TIMESTAMP)",
        [fileSetId, x.name, items.filter((it) => it.name === x.name).length, hashes[i] ?? ""],
      );
    }
    return {
      fileSetId,
      resources: items.length,
      tables,
      ignored,
      unmappedCodes: [...unmapped].sort(),
      unchanged: false,
    };
  });
}

// --- parsing -------------------------------------------------------------------------------------------------

function split(name: string, text: string, problems: ImportProblem[]): Item[] {
  const lines = text.split(/\r?\n/);
  const firstLine = lines.findIndex((l) => l.trim() !== "");
  if (firstLine < 0) return [];
  // One resource per line, unless the first line is not a whole resource: then the text is one JSON document.
  if (tryParse(lines[firstLine] as string) === undefined) {
    const doc = tryParse(text);
    if (doc === undefined) {
      problems.push(jsonProblem(name, text, firstLine + 1));
      return [];
    }
    return expand(name, doc, 0, firstLine + 1);
  }
  const items: Item[] = [];
  lines.forEach((l, i) => {
    if (l.trim() === "") return;
    const raw = tryParse(l);
    if (raw === undefined) problems.push(jsonProblem(name, l, i + 1));
    else items.push(...expand(name, raw, i + 1, i + 1));
  });
  return items;
}

/** A Bundle's entries as items (line: the Bundle's NDJSON line, or 0 in a multi-line document); else the resource. */
function expand(name: string, doc: unknown, bundleLine: number, resourceLine: number): Item[] {
  const bundle = doc as { resourceType?: unknown; entry?: unknown } | null;
  if (bundle?.resourceType !== "Bundle") return [{ name, line: resourceLine, prefix: "", raw: doc }];
  if (!Array.isArray(bundle.entry)) return [];
  return bundle.entry.map((e: unknown, i: number) => {
    const entry = e as { resource?: unknown; fullUrl?: unknown } | null;
    // fullUrl rides along so that "urn:uuid:…" references inside the Bundle resolve.
    const raw =
      entry?.resource && typeof entry.fullUrl === "string"
        ? { ...(entry.resource as object), fullUrl: entry.fullUrl }
        : entry?.resource;
    return { name, line: bundleLine, entry: i, prefix: `entry[${i}].resource`, raw };
  });
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function jsonProblem(name: string, text: string, line: number): ImportProblem {
  let message = "not valid JSON";
  try {
    JSON.parse(text);
  } catch (error) {
    message = `not valid JSON (${(error as Error).message}): each NDJSON line holds one complete resource; a Bundle is one JSON document`;
  }
  return { file: name, line, column: "", value: text.slice(0, 80), message };
}

const where = (item: Item): string =>
  item.entry !== undefined ? `${item.name} entry ${item.entry}` : `${item.name} line ${item.line}`;

function problem(item: Item, path: string, value: unknown, message: string): ImportProblem {
  return {
    file: item.name,
    line: item.line,
    ...(item.entry !== undefined ? { entry: item.entry } : {}),
    column: item.prefix ? `${item.prefix}.${path}` : path,
    value: value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value),
    message,
  };
}

function issueProblem(item: Item, issue: core.$ZodIssue): ImportProblem {
  const path = issue.path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`))
    .join("");
  let value: unknown = item.raw;
  for (const p of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[p];
  const last = issue.path.filter((p) => typeof p === "string").at(-1) as string | undefined;
  let message = issue.message;
  if (issue.code === "invalid_type") {
    message =
      value === undefined
        ? `missing: add ${last ?? "it"}${last && NEEDED_FOR[last] ? ` (${NEEDED_FOR[last]})` : ""}`
        : `should be ${issue.expected === "array" ? "a JSON array" : `a ${issue.expected}`}, not ${Array.isArray(value) ? "an array" : typeof value}: correct the value`;
  } else if (issue.code === "invalid_value") {
    message = `should be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}: correct the value`;
  }
  return problem(item, path || "(resource)", value, message);
}

// --- concepts ------------------------------------------------------------------------------------------------

interface Concept {
  concept_id: number;
  vocabulary_id: string;
  concept_code: string;
  standard: boolean;
}

function codingsOf(r: Parsed): { system?: string; code?: string }[] {
  switch (r.resourceType) {
    case "Condition":
    case "Observation":
      return [
        ...(r.code.coding ?? []),
        ...(r.resourceType === "Observation" && r.valueQuantity
          ? [{ system: "UCUM", code: r.valueQuantity.code ?? r.valueQuantity.unit }]
          : []),
      ];
    case "MedicationRequest":
    case "MedicationAdministration":
      return r.medicationCodeableConcept.coding ?? [];
    default:
      return [];
  }
}

async function lookUpConcepts(
  source: DataSource,
  codings: { system?: string; code?: string }[],
): Promise<Map<string, Concept>> {
  const pairs = new Set<string>();
  for (const c of codings) {
    if (!c.code) continue;
    const vocabularies = c.system === "UCUM" ? ["UCUM"] : vocabulariesOf(c.system);
    for (const v of vocabularies) pairs.add(JSON.stringify([v, c.code]));
  }
  const found = new Map<string, Concept>();
  if (pairs.size === 0) return found;
  const list = [...pairs].map((p) => JSON.parse(p) as [string, string]);
  const rows = await source.all<Concept & { standard_concept: string | null; invalid_reason: string | null }>(
    `SELECT c.concept_id, c.vocabulary_id, c.concept_code, c.standard_concept, c.invalid_reason
     FROM concept c JOIN (SELECT unnest($1::VARCHAR[]) AS v, unnest($2::VARCHAR[]) AS k) w
       ON c.vocabulary_id = w.v AND c.concept_code = w.k`,
    [listValue(list.map((p) => p[0])), listValue(list.map((p) => p[1]))],
  );
  for (const r of rows) {
    found.set(`${r.vocabulary_id}|${r.concept_code}`, {
      concept_id: r.concept_id,
      vocabulary_id: r.vocabulary_id,
      concept_code: r.concept_code,
      standard: r.standard_concept === "S" && r.invalid_reason === null,
    });
  }
  return found;
}

interface Mapped {
  conceptId: number;
  sourceConceptId: number;
  sourceValue: string | null;
}

/**
 * The row's concept from the first coding whose code system the importer knows: a standard concept goes to
 * *_concept_id; a non-standard one (ICD-10, ATC, …) only to *_source_concept_id, since the CDM reserves
 * *_concept_id for standard concepts and the engine keeps no "Maps to" relationships.
 */
function mapCode(
  cc: { coding?: { system?: string; code?: string }[]; text?: string },
  allowed: Set<string>,
  concepts: Map<string, Concept>,
  unmapped: Set<string>,
): Mapped {
  const candidates = (cc.coding ?? []).filter(
    (c) => c.code && vocabulariesOf(c.system).some((v) => allowed.has(v)),
  );
  let source: Concept | undefined;
  let standard: Concept | undefined;
  for (const c of candidates) {
    for (const v of vocabulariesOf(c.system)) {
      const hit = concepts.get(`${v}|${c.code}`);
      if (!hit) continue;
      source ??= hit;
      if (hit.standard) standard ??= hit;
    }
  }
  const first = candidates[0] ?? cc.coding?.find((c) => c.code);
  if (!source) for (const c of candidates) unmapped.add(`${c.system}|${c.code}`);
  return {
    conceptId: standard?.concept_id ?? 0,
    sourceConceptId: source?.concept_id ?? 0,
    sourceValue: source?.concept_code ?? first?.code ?? cc.text ?? null,
  };
}

// --- rows ----------------------------------------------------------------------------------------------------

type Row = Record<string, string | number | null>;

const day = (dt: string | undefined): string | null => dt?.slice(0, 10) ?? null;
/** Wall-clock time as recorded: OMOP datetimes carry no zone, and the day must stay the one the source wrote. */
const wallClock = (dt: string | undefined): string | null => {
  const time = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(dt ?? "");
  return dt && time ? `${dt.slice(0, 10)} ${time[1]}:${time[2]}:${time[3] ?? "00"}` : null;
};
const addDays = (d: string, n: number): string => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};
const DAYS_PER: Record<string, number> = {
  d: 1,
  day: 1,
  days: 1,
  wk: 7,
  week: 7,
  weeks: 7,
  mo: 30,
  month: 30,
  months: 30,
};

function buildRows(
  resources: { item: Item; r: Parsed }[],
  concepts: Map<string, Concept>,
  unmapped: Set<string>,
  ignored: Record<string, number>,
  target: (ref: string | undefined, type: string) => string | undefined,
  encounters: Set<string>,
): Record<string, Row[]> {
  const rows: Record<string, Row[]> = {
    person: [],
    visit_occurrence: [],
    condition_occurrence: [],
    drug_exposure: [],
    measurement: [],
  };
  const person = (ref: string) => rowId(`Patient/${target(ref, "Patient")}`);
  // An encounter neither in this input nor imported before is left out rather than refused: exports often cut them.
  const visit = (ref: string | undefined) => {
    const e = target(ref, "Encounter");
    return e !== undefined && encounters.has(e) ? rowId(`Encounter/${e}`) : null;
  };
  for (const { r } of resources) {
    switch (r.resourceType) {
      case "Patient": {
        const [y, m, d] = r.birthDate.split("-").map(Number);
        rows.person?.push({
          person_id: rowId(`Patient/${r.id}`),
          gender_concept_id: GENDER[r.gender ?? ""] ?? 0,
          year_of_birth: y ?? null,
          month_of_birth: m ?? null,
          day_of_birth: d ?? null,
          birth_datetime: r.birthDate.length === 10 ? `${r.birthDate} 00:00:00` : null,
          race_concept_id: 0,
          ethnicity_concept_id: 0,
          person_source_value: r.id,
          gender_source_value: r.gender ?? null,
        });
        break;
      }
      case "Encounter":
        rows.visit_occurrence?.push({
          visit_occurrence_id: rowId(`Encounter/${r.id}`),
          person_id: person(r.subject.reference),
          visit_concept_id: VISIT[r.class?.code ?? ""] ?? 0,
          visit_start_date: day(r.period.start),
          visit_start_datetime: wallClock(r.period.start),
          visit_end_date: day(r.period.end ?? r.period.start),
          visit_end_datetime: wallClock(r.period.end),
          visit_type_concept_id: EHR,
          visit_source_value: r.class?.code ?? null,
        });
        break;
      case "Condition": {
        const c = mapCode(r.code, CONDITION_VOCABULARIES, concepts, unmapped);
        const start = r.onsetDateTime ?? r.recordedDate;
        rows.condition_occurrence?.push({
          condition_occurrence_id: rowId(`Condition/${r.id}`),
          person_id: person(r.subject.reference),
          condition_concept_id: c.conceptId,
          condition_start_date: day(start),
          condition_start_datetime: wallClock(start),
          condition_end_date: day(r.abatementDateTime),
          condition_end_datetime: wallClock(r.abatementDateTime),
          condition_type_concept_id: EHR,
          visit_occurrence_id: visit(r.encounter?.reference),
          condition_source_value: c.sourceValue,
          condition_source_concept_id: c.sourceConceptId,
        });
        break;
      }
      case "MedicationRequest": {
        const c = mapCode(r.medicationCodeableConcept, DRUG_VOCABULARIES, concepts, unmapped);
        const validity = r.dispenseRequest?.validityPeriod;
        const start = (validity?.start ?? r.authoredOn) as string;
        const supply = r.dispenseRequest?.expectedSupplyDuration;
        const perUnit = DAYS_PER[(supply?.code ?? supply?.unit ?? "d").toLowerCase()] ?? 1;
        const daysSupply = supply ? Math.round(supply.value * perUnit) : null;
        const end =
          day(validity?.end) ??
          (daysSupply ? addDays(day(start) as string, Math.max(daysSupply - 1, 0)) : day(start));
        const dosage = r.dosageInstruction?.[0];
        rows.drug_exposure?.push({
          drug_exposure_id: rowId(`MedicationRequest/${r.id}`),
          person_id: person(r.subject.reference),
          drug_concept_id: c.conceptId,
          drug_exposure_start_date: day(start),
          drug_exposure_start_datetime: wallClock(start),
          drug_exposure_end_date: end,
          drug_type_concept_id: EHR_PRESCRIPTION,
          quantity: r.dispenseRequest?.quantity?.value ?? null,
          days_supply: daysSupply,
          sig: dosage?.text ?? null,
          visit_occurrence_id: visit(r.encounter?.reference),
          drug_source_value: c.sourceValue,
          drug_source_concept_id: c.sourceConceptId,
          route_source_value: dosage?.route?.coding?.[0]?.code ?? dosage?.route?.text ?? null,
        });
        break;
      }
      case "MedicationAdministration": {
        const c = mapCode(r.medicationCodeableConcept, DRUG_VOCABULARIES, concepts, unmapped);
        const start = (r.effectiveDateTime ?? r.effectivePeriod?.start) as string;
        rows.drug_exposure?.push({
          drug_exposure_id: rowId(`MedicationAdministration/${r.id}`),
          person_id: person(r.subject.reference),
          drug_concept_id: c.conceptId,
          drug_exposure_start_date: day(start),
          drug_exposure_start_datetime: wallClock(start),
          drug_exposure_end_date: day(r.effectivePeriod?.end ?? start),
          drug_exposure_end_datetime: wallClock(r.effectivePeriod?.end),
          drug_type_concept_id: EHR_ADMINISTRATION,
          quantity: r.dosage?.dose?.value ?? null,
          visit_occurrence_id: visit(r.context?.reference),
          drug_source_value: c.sourceValue,
          drug_source_concept_id: c.sourceConceptId,
          route_source_value: r.dosage?.route?.coding?.[0]?.code ?? r.dosage?.route?.text ?? null,
        });
        break;
      }
      case "Observation": {
        const lab = (r.code.coding ?? []).some((c) =>
          vocabulariesOf(c.system).some((v) => LAB_VOCABULARIES.has(v)),
        );
        const when = r.effectiveDateTime ?? r.effectivePeriod?.start ?? r.issued;
        if (!lab || !r.valueQuantity || !when || !/^\d{4}-\d{2}-\d{2}/.test(when)) {
          ignored.Observation = (ignored.Observation ?? 0) + 1;
          break;
        }
        const c = mapCode(r.code, LAB_VOCABULARIES, concepts, unmapped);
        const q = r.valueQuantity;
        const unit = concepts.get(`UCUM|${q.code ?? q.unit}`);
        const range = r.referenceRange?.[0];
        rows.measurement?.push({
          measurement_id: rowId(`Observation/${r.id}`),
          person_id: person(r.subject.reference),
          measurement_concept_id: c.conceptId,
          measurement_date: day(when),
          measurement_datetime: wallClock(when),
          measurement_type_concept_id: LAB,
          value_as_number: q.value,
          unit_concept_id: unit?.concept_id ?? 0,
          range_low: range?.low?.value ?? null,
          range_high: range?.high?.value ?? null,
          visit_occurrence_id: visit(r.encounter?.reference),
          measurement_source_value: c.sourceValue,
          measurement_source_concept_id: c.sourceConceptId,
          unit_source_value: q.code ?? q.unit ?? null,
          value_source_value: `${q.comparator ?? ""}${q.value}`,
        });
        break;
      }
    }
  }
  return rows;
}

/** Appends rows to a VARCHAR copy of the table, then lets DuckDB cast and insert those it does not have yet. */
async function insertRows(source: DataSource, table: CdmTable, rows: Row[]): Promise<number> {
  const columns = table.columns.map((c) => c.name);
  await source.run(
    `CREATE OR REPLACE TEMP TABLE kh_fhir_stage (${columns.map((c) => `${c} VARCHAR`).join(", ")})`,
  );
  const appender = await source.connection.createAppender("kh_fhir_stage");
  for (const row of rows) {
    for (const c of columns) {
      const v = row[c];
      if (v === null || v === undefined) appender.appendNull();
      else appender.appendVarchar(String(v));
    }
    appender.endRow();
  }
  appender.closeSync();
  const select = table.columns.map((c) => `CAST(${c.name} AS ${c.type}) AS ${c.name}`).join(", ");
  const added = await source.run(
    `INSERT OR IGNORE INTO ${table.name} (${columns.join(", ")}) SELECT ${select} FROM kh_fhir_stage`,
  );
  await source.run("DROP TABLE kh_fhir_stage");
  return added;
}

/**
 * One observation period per person, from the earliest to the latest date of any of their events; rewritten
 * when new events widen it. Resolves to the periods written and those already right.
 */
async function observationPeriods(
  source: DataSource,
  persons: Set<number>,
): Promise<{ rows: number; skippedDuplicates: number }> {
  await source.run(
    "CREATE OR REPLACE TEMP TABLE kh_fhir_persons (person_id BIGINT, observation_period_id BIGINT)",
  );
  const appender = await source.connection.createAppender("kh_fhir_persons");
  for (const p of persons) {
    appender.appendBigInt(BigInt(p));
    appender.appendBigInt(BigInt(rowId(`ObservationPeriod/${p}`)));
    appender.endRow();
  }
  appender.closeSync();
  await source.run(`
    CREATE OR REPLACE TEMP TABLE kh_fhir_periods AS
    SELECT p.observation_period_id, p.person_id, min(e.d) AS observation_period_start_date,
      max(e.d) AS observation_period_end_date, ${EHR} AS period_type_concept_id
    FROM kh_fhir_persons p JOIN (
      SELECT person_id, visit_start_date AS d FROM visit_occurrence
      UNION ALL SELECT person_id, visit_end_date FROM visit_occurrence
      UNION ALL SELECT person_id, condition_start_date FROM condition_occurrence
      UNION ALL SELECT person_id, condition_end_date FROM condition_occurrence
      UNION ALL SELECT person_id, drug_exposure_start_date FROM drug_exposure
      UNION ALL SELECT person_id, drug_exposure_end_date FROM drug_exposure
      UNION ALL SELECT person_id, measurement_date FROM measurement
    ) e ON e.person_id = p.person_id
    WHERE e.d IS NOT NULL
    GROUP BY p.observation_period_id, p.person_id`);
  const rows = await source.run(
    "INSERT OR REPLACE INTO observation_period SELECT * FROM kh_fhir_periods EXCEPT SELECT * FROM observation_period",
  );
  const all = await source.all<{ n: number }>("SELECT count(*) AS n FROM kh_fhir_periods");
  await source.run("DROP TABLE kh_fhir_persons");
  await source.run("DROP TABLE kh_fhir_periods");
  return { rows, skippedDuplicates: (all[0]?.n ?? 0) - rows };
}
