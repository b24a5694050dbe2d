import { fieldIssue, validationError } from "@kakehashi/core";
import { Icd10 } from "@kakehashi/pipeline";
import type { core } from "zod";
import { z } from "zod";
import { CLINICAL_DATA_ITEMS, type ClinicalDataItem, SPECIMEN_TYPES } from "./terms.ts";

const year = z.number().int().min(1950).max(2100);

/**
 * One line of the specimen catalogue: how many specimens of a type exist for a disease code, and which
 * kinds of clinical information come with them (yes / no). Counts only: there is no field for anything
 * about a person, and unknown fields are refused.
 */
export const SpecimenInput = z
  .strictObject({
    specimenType: z.enum(SPECIMEN_TYPES),
    icd10: Icd10,
    count: z.number().int().min(1).max(10_000_000),
    clinicalData: z
      .strictObject(
        Object.fromEntries(CLINICAL_DATA_ITEMS.map((k) => [k, z.boolean().default(false)])) as Record<
          ClinicalDataItem,
          z.ZodDefault<z.ZodBoolean>
        >,
      )
      .default(
        Object.fromEntries(CLINICAL_DATA_ITEMS.map((k) => [k, false])) as Record<ClinicalDataItem, boolean>,
      ),
    collectedFromYear: year.nullish(),
    collectedToYear: year.nullish(),
  })
  .refine((s) => !s.collectedFromYear || !s.collectedToYear || s.collectedFromYear <= s.collectedToYear, {
    path: ["collectedToYear"],
    message: "The collection period ends before it starts.",
    params: {
      message: {
        ja: "収集期間の終わりが始まりより前です。",
        en: "The collection period ends before it starts.",
      },
      fix: { ja: "終了年を開始年以降にしてください。", en: "Make the last year no earlier than the first." },
    },
  });
export type SpecimenInput = z.input<typeof SpecimenInput>;
export type Specimen = z.infer<typeof SpecimenInput>;

export const SpecimensBody = z.strictObject({ specimens: z.array(z.unknown()).min(1).max(500) });

// field names that describe a person (en / romaji / ja), compared without case, spaces or punctuation
const PERSONAL_FIELDS = new Set(
  [
    "patient",
    "patients",
    "patientId",
    "patientName",
    "subject",
    "subjects",
    "subjectId",
    "donor",
    "donorId",
    "participant",
    "participantId",
    "individual",
    "individuals",
    "person",
    "persons",
    "people",
    "record",
    "records",
    "name",
    "fullName",
    "firstName",
    "lastName",
    "familyName",
    "givenName",
    "kana",
    "initials",
    "birthDate",
    "dateOfBirth",
    "dob",
    "birthday",
    "age",
    "ageAtCollection",
    "sex",
    "gender",
    "address",
    "postcode",
    "postalCode",
    "zip",
    "zipCode",
    "phone",
    "telephone",
    "email",
    "mrn",
    "medicalRecordNumber",
    "chartNumber",
    "karteNo",
    "insuranceNumber",
    "myNumber",
    "氏名",
    "名前",
    "患者",
    "患者id",
    "患者番号",
    "カルテ番号",
    "生年月日",
    "年齢",
    "性別",
    "住所",
    "電話番号",
  ].map((k) => normalise(k)),
);

function normalise(key: string): string {
  return key.toLowerCase().replace(/[\s_\-.]/g, "");
}

const personalMessage = {
  ja: "個人に関する項目は登録できません。検体カタログに記録するのは件数と、臨床情報の有無だけです。",
  en: "Personal data is not accepted: the specimen catalogue records counts and whether clinical information exists, nothing about any person.",
};
const personalFix = {
  ja: "この項目を削除し、件数（count）と臨床情報の有無（clinicalData）だけを送ってください。",
  en: "Remove this field; send only the count and the yes/no clinical information items.",
};

/** Every place in a submitted line that looks like data about a person: a personal field name, or per-person rows. */
export function personalDataIssues(input: unknown, path: PropertyKey[] = []): core.$ZodIssue[] {
  if (Array.isArray(input)) {
    // a list of objects inside a catalogue line can only be per-person (or per-specimen) records
    if (path.length > 1 && input.some((x) => typeof x === "object" && x !== null))
      return [fieldIssue(path, personalMessage, personalFix)];
    return input.flatMap((x, i) => personalDataIssues(x, [...path, i]));
  }
  if (typeof input !== "object" || input === null) return [];
  return Object.entries(input).flatMap(([key, value]) =>
    PERSONAL_FIELDS.has(normalise(key))
      ? [fieldIssue([...path, key], personalMessage, personalFix)]
      : personalDataIssues(value, [...path, key]),
  );
}

/**
 * Checks a batch of catalogue lines: personal data anywhere refuses the batch with a field error
 * pointing at it (in ja and en); otherwise each line must fit the counts-only schema.
 */
export function validateSpecimens(lines: readonly unknown[]): Specimen[] {
  const personal = lines.flatMap((line, i) => personalDataIssues(line, ["specimens", i]));
  if (personal.length) throw validationError(personal);
  const issues: core.$ZodIssue[] = [];
  const out: Specimen[] = [];
  lines.forEach((line, i) => {
    const r = SpecimenInput.safeParse(line, { reportInput: true });
    if (r.success) out.push(r.data);
    else issues.push(...r.error.issues.map((x) => ({ ...x, path: ["specimens", i, ...x.path] })));
  });
  if (issues.length) throw validationError(issues);
  return out;
}
