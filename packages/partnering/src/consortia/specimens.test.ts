import { KakehashiError, problemFromError } from "@kakehashi/core";
import { describe, expect, it } from "vitest";
import { personalDataIssues, validateSpecimens } from "./specimens.ts";

const line = {
  specimenType: "csf",
  icd10: "g30.9",
  count: 120,
  clinicalData: { diagnosis: true, imaging: true },
  collectedFromYear: 2018,
  collectedToYear: 2025,
};

function refused(lines: unknown[]): KakehashiError {
  try {
    validateSpecimens(lines);
  } catch (e) {
    if (e instanceof KakehashiError) return e;
    throw e;
  }
  throw new Error("expected the lines to be refused");
}

describe("specimen catalogue validation (counts only)", () => {
  it("accepts counts with yes/no clinical information, filling unnamed items with no", () => {
    const [s] = validateSpecimens([line]);
    expect(s).toEqual({
      specimenType: "csf",
      icd10: "G30.9",
      count: 120,
      clinicalData: {
        diagnosis: true,
        disease_stage: false,
        treatment_history: false,
        lab_values: false,
        imaging: true,
        genomic_profile: false,
        outcome_follow_up: false,
      },
      collectedFromYear: 2018,
      collectedToYear: 2025,
    });
  });

  it("refuses per-person fields wherever they are, in ja and en, pointing at the field", () => {
    const e = refused([
      line,
      { ...line, patientId: "P-0001" },
      { ...line, clinicalData: { diagnosis: true, age: 63 } },
      { ...line, 氏名: "山田 太郎" },
      { ...line, "Date of Birth": "1960-01-01" },
    ]);
    expect(e.status).toBe(400);
    expect(e.fieldIssues.map((i) => i.path)).toEqual([
      ["specimens", 1, "patientId"],
      ["specimens", 2, "clinicalData", "age"],
      ["specimens", 3, "氏名"],
      ["specimens", 4, "Date of Birth"],
    ]);
    const ja = problemFromError(e, "ja").errors?.[0];
    expect(ja?.message).toContain("個人に関する項目は登録できません");
    expect(ja?.field).toBe("specimens.1.patientId");
    expect(problemFromError(e, "en").errors?.[0]?.message).toContain("Personal data is not accepted");
  });

  it("refuses per-person rows smuggled in as a list of records", () => {
    const e = refused([
      {
        ...line,
        clinicalData: [
          { diagnosis: "AD", mmse: 18 },
          { diagnosis: "AD", mmse: 22 },
        ],
      },
    ]);
    expect(e.fieldIssues.map((i) => i.path)).toEqual([["specimens", 0, "clinicalData"]]);
    expect(personalDataIssues({ samples: [{ id: 1 }] }, ["specimens", 0])).toHaveLength(1);
  });

  it("has no place for anything else: unknown fields, values instead of yes/no, non-counts", () => {
    expect(refused([{ ...line, notes: "63 歳男性、独居" }]).fieldIssues[0]?.code).toBe("unrecognized_keys");
    expect(refused([{ ...line, clinicalData: { lab_values: "HbA1c 7.2" } }]).fieldIssues[0]?.path).toEqual([
      "specimens",
      0,
      "clinicalData",
      "lab_values",
    ]);
    expect(refused([{ ...line, clinicalData: { mmse_score: true } }]).fieldIssues[0]?.code).toBe(
      "unrecognized_keys",
    );
    expect(refused([{ ...line, count: 0 }]).fieldIssues[0]?.path).toEqual(["specimens", 0, "count"]);
    expect(refused([{ ...line, count: 2.5 }]).fieldIssues[0]?.path).toEqual(["specimens", 0, "count"]);
    expect(
      refused([{ ...line, collectedFromYear: 2025, collectedToYear: 2018 }]).fieldIssues[0]?.path,
    ).toEqual(["specimens", 0, "collectedToYear"]);
  });
});
