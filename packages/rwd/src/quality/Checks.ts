import { CDM_TABLES, type CdmColumn, type CdmTable } from "../cdm/schema.ts";

export type CheckCategory = "conformance" | "completeness" | "plausibility";

/**
 * One data-quality check in the manner of OHDSI's DataQualityDashboard: `sql` returns one row
 * (failing, total), and the check fails when failing/total exceeds `threshold` percent.
 */
export interface QualityCheckDefinition {
  /** DQD check name, table and column, e.g. isForeignKey.observation_period.person_id */
  id: string;
  category: CheckCategory;
  table: string;
  column?: string;
  description: string;
  descriptionJa: string;
  /** % of records allowed to fail: DQD's default for the check where it has one, else 0 */
  threshold: number;
  sql: string;
}

/**
 * Plausible (not normal) values of common labs, per unit: values outside are almost surely unit or entry
 * errors. Concept ids are OMOP LOINC concepts; units OMOP UCUM concepts (DQD's approved units).
 */
export interface LabRange {
  slug: string;
  name: string;
  nameJa: string;
  /** measurement_concept_id values (LOINC) */
  conceptIds: number[];
  units: { unitConceptIds: number[]; unit: string; low: number; high: number }[];
}

const COUNT_PER_UL = [8848, 8961, 9444]; // 10^3/µL, 10^3/mm3, 10^9/L: the same number
const MMOL_L = [8753, 9557]; // mmol/L, mEq/L: the same number for monovalent ions

export const LAB_RANGES: LabRange[] = [
  {
    slug: "platelets",
    name: "Platelets",
    nameJa: "血小板数",
    conceptIds: [3024929, 3007461],
    units: [{ unitConceptIds: COUNT_PER_UL, unit: "10^3/uL", low: 1, high: 2000 }],
  },
  {
    slug: "neutrophils",
    name: "Neutrophils (absolute)",
    nameJa: "好中球数",
    conceptIds: [3013650, 3017732],
    units: [
      { unitConceptIds: COUNT_PER_UL, unit: "10^3/uL", low: 0, high: 150 },
      { unitConceptIds: [8784, 8647], unit: "cells/uL", low: 0, high: 150_000 },
    ],
  },
  {
    slug: "wbc",
    name: "Leukocytes (WBC)",
    nameJa: "白血球数",
    conceptIds: [3000905, 3010813],
    units: [
      { unitConceptIds: COUNT_PER_UL, unit: "10^3/uL", low: 0.1, high: 1000 },
      { unitConceptIds: [8784, 8647], unit: "cells/uL", low: 100, high: 1_000_000 },
    ],
  },
  {
    slug: "hemoglobin",
    name: "Hemoglobin",
    nameJa: "ヘモグロビン",
    conceptIds: [3000963],
    units: [
      { unitConceptIds: [8713], unit: "g/dL", low: 1, high: 26 },
      { unitConceptIds: [8636], unit: "g/L", low: 10, high: 260 },
      { unitConceptIds: [8753], unit: "mmol/L", low: 0.6, high: 16 },
    ],
  },
  {
    slug: "alt",
    name: "ALT",
    nameJa: "ALT（GPT）",
    conceptIds: [3006923],
    units: [{ unitConceptIds: [8645, 8923], unit: "U/L", low: 0, high: 10_000 }],
  },
  {
    slug: "ast",
    name: "AST",
    nameJa: "AST（GOT）",
    conceptIds: [3013721],
    units: [{ unitConceptIds: [8645, 8923], unit: "U/L", low: 0, high: 20_000 }],
  },
  {
    slug: "creatinine",
    name: "Creatinine (serum/plasma)",
    nameJa: "血清クレアチニン",
    conceptIds: [3016723],
    units: [
      { unitConceptIds: [8840], unit: "mg/dL", low: 0.05, high: 30 },
      { unitConceptIds: [8749], unit: "umol/L", low: 4, high: 2700 },
    ],
  },
  {
    slug: "egfr",
    name: "eGFR",
    nameJa: "eGFR",
    conceptIds: [40764999, 1619025, 3049187, 3053283, 3030354, 46236952, 36303797, 36306178],
    units: [{ unitConceptIds: [720870, 9117, 8795], unit: "mL/min/1.73m2", low: 0, high: 300 }],
  },
  {
    slug: "hba1c",
    name: "HbA1c",
    nameJa: "HbA1c",
    conceptIds: [3004410],
    units: [{ unitConceptIds: [8554, 8737], unit: "%", low: 2, high: 25 }],
  },
  {
    slug: "glucose",
    name: "Glucose",
    nameJa: "血糖",
    conceptIds: [3004501, 3000483],
    units: [
      { unitConceptIds: [8840], unit: "mg/dL", low: 5, high: 2500 },
      { unitConceptIds: [8753], unit: "mmol/L", low: 0.3, high: 140 },
    ],
  },
  {
    slug: "potassium",
    name: "Potassium",
    nameJa: "カリウム",
    conceptIds: [3023103],
    units: [{ unitConceptIds: MMOL_L, unit: "mmol/L", low: 1, high: 12 }],
  },
  {
    slug: "sodium",
    name: "Sodium",
    nameJa: "ナトリウム",
    conceptIds: [3019550],
    units: [{ unitConceptIds: MMOL_L, unit: "mmol/L", low: 90, high: 200 }],
  },
  {
    slug: "body_weight",
    name: "Body weight",
    nameJa: "体重",
    conceptIds: [3025315],
    units: [
      { unitConceptIds: [9529], unit: "kg", low: 0.2, high: 500 },
      { unitConceptIds: [8739], unit: "lb", low: 0.5, high: 1100 },
    ],
  },
  {
    slug: "systolic_bp",
    name: "Systolic blood pressure",
    nameJa: "収縮期血圧",
    conceptIds: [3004249],
    units: [{ unitConceptIds: [8876], unit: "mmHg", low: 20, high: 300 }],
  },
];

/**
 * Condition concepts possible for one sex only (from DQD's plausibleGender list); descendants count too
 * when the source has concept_ancestor.
 */
export const MALE_ONLY_CONDITIONS = [
  26662, 26935, 30969, 73801, 74322, 78193, 79758, 141917, 193262, 193522, 193818, 194997, 195009, 195483,
  196068, 196157, 196158, 196734, 196738, 197032, 197039, 197237, 197507, 197601, 197605, 198197, 198803,
  198806, 200147, 200445, 200670, 200962, 200970, 201072, 201346, 201527, 201617, 201823, 201907, 4163261,
  4171915, 4260520, 4270932, 42709954,
];
export const FEMALE_ONLY_CONDITIONS = [
  192367, 192676, 192683, 192854, 192858, 193254, 193261, 193277, 193437, 193439, 193530, 193739, 194092,
  194286, 194412, 194420, 194611, 194696, 194871, 195012, 195197, 195316, 195321, 195500, 195501, 195769,
  195770, 195793, 195867, 195873, 196048, 196051, 196163, 196165, 196168, 196359, 196364, 196473, 196758,
  197044, 197236, 197606, 197607, 197609, 197610, 197938, 198082, 198108, 198194, 198198, 198202, 198212,
  198363, 198471, 198483, 199067, 199078, 199752, 199764, 199876, 199877, 199878, 199881, 200051, 200052,
  200452, 200461, 200675, 200775, 200779, 200780, 201078, 201211, 201238, 201244, 201257, 201355, 201625,
  201801, 201817, 201909, 201913, 4128329, 4129155, 4149084, 4295261, 4303258,
];
const MALE = 8507;
const FEMALE = 8532;

/** Foreign keys the schema does not mark (it marks person_id and visit_occurrence_id). */
const EXTRA_KEYS: { table: string; column: string; references: string }[] = [
  {
    table: "visit_occurrence",
    column: "preceding_visit_occurrence_id",
    references: "visit_occurrence.visit_occurrence_id",
  },
  { table: "concept_ancestor", column: "ancestor_concept_id", references: "concept.concept_id" },
  { table: "concept_ancestor", column: "descendant_concept_id", references: "concept.concept_id" },
];

/** Domain each main concept column must come from (DQD fkDomain). */
const DOMAINS: Record<string, string> = {
  "person.gender_concept_id": "Gender",
  "person.race_concept_id": "Race",
  "person.ethnicity_concept_id": "Ethnicity",
  "visit_occurrence.visit_concept_id": "Visit",
  "condition_occurrence.condition_concept_id": "Condition",
  "drug_exposure.drug_concept_id": "Drug",
  "measurement.measurement_concept_id": "Measurement",
  "measurement.unit_concept_id": "Unit",
  "condition_era.condition_concept_id": "Condition",
  "drug_era.drug_concept_id": "Drug",
};

/** Main concept columns whose concept_id is a mapping result: share of 0 ("unmapped") allowed, DQD thresholds. */
const MAPPED: Record<string, number> = {
  "visit_occurrence.visit_concept_id": 0,
  "condition_occurrence.condition_concept_id": 5,
  "drug_exposure.drug_concept_id": 5,
  "measurement.measurement_concept_id": 5,
  "measurement.unit_concept_id": 5,
};

/** [table, start column, end column | undefined]: the event dates checked against life and observation. */
const EVENT_DATES: [string, string, string | undefined][] = [
  ["observation_period", "observation_period_start_date", "observation_period_end_date"],
  ["visit_occurrence", "visit_start_date", "visit_end_date"],
  ["condition_occurrence", "condition_start_date", "condition_end_date"],
  ["drug_exposure", "drug_exposure_start_date", "drug_exposure_end_date"],
  ["measurement", "measurement_date", undefined],
  ["death", "death_date", undefined],
  ["condition_era", "condition_era_start_date", "condition_era_end_date"],
  ["drug_era", "drug_era_start_date", "drug_era_end_date"],
];

/** Tables a study needs data in. */
const MUST_HAVE_ROWS = [
  "person",
  "observation_period",
  "visit_occurrence",
  "condition_occurrence",
  "drug_exposure",
  "concept",
  "cdm_source",
];

const count = (where: string, from: string) =>
  `SELECT count(*) FILTER (WHERE ${where}) AS failing, count(*) AS total FROM ${from}`;
const inList = (ids: number[]) => ids.join(", ");
/** Birth date from birth_datetime, else year and month of birth (the 1st, so no event is blamed wrongly). */
const BIRTH = `coalesce(CAST(p.birth_datetime AS DATE), CASE WHEN p.year_of_birth BETWEEN 1 AND 9999 THEN
  make_date(p.year_of_birth, CASE WHEN p.month_of_birth BETWEEN 1 AND 12 THEN p.month_of_birth ELSE 1 END, 1) END)`;

function conformance(): QualityCheckDefinition[] {
  const checks: QualityCheckDefinition[] = [];
  for (const t of CDM_TABLES) {
    for (const c of t.columns.filter((c) => c.required)) {
      checks.push({
        id: `isRequired.${t.name}.${c.name}`,
        category: "conformance",
        table: t.name,
        column: c.name,
        description: `Records of ${t.name} with ${c.name} NULL, though the CDM requires it`,
        descriptionJa: `${t.name} の必須項目 ${c.name} が NULL のレコード`,
        threshold: 0,
        sql: count(`${c.name} IS NULL`, t.name),
      });
    }
  }
  const keys = [
    ...CDM_TABLES.flatMap((t) =>
      t.columns
        .filter((c) => c.references)
        .map((c) => ({ table: t.name, column: c.name, references: c.references as string })),
    ),
    ...EXTRA_KEYS,
  ];
  for (const k of keys) {
    const [refTable, refColumn] = k.references.split(".") as [string, string];
    checks.push({
      id: `isForeignKey.${k.table}.${k.column}`,
      category: "conformance",
      table: k.table,
      column: k.column,
      description: `Records of ${k.table} whose ${k.column} is not a ${k.references} that exists`,
      descriptionJa: `${k.table}.${k.column} が存在しない ${k.references} を指すレコード`,
      threshold: 0,
      sql: `SELECT count(*) FILTER (WHERE t.${k.column} IS NOT NULL AND r.${refColumn} IS NULL) AS failing, count(*) AS total
            FROM ${k.table} t LEFT JOIN (SELECT DISTINCT ${refColumn} FROM ${refTable}) r ON r.${refColumn} = t.${k.column}`,
    });
  }
  for (const t of CDM_TABLES) {
    for (const c of t.columns.filter((c) => c.concept)) {
      checks.push({
        id: `isForeignKey.${t.name}.${c.name}`,
        category: "conformance",
        table: t.name,
        column: c.name,
        description: `Records of ${t.name} whose ${c.name} is neither 0 nor a concept in the source's CONCEPT table`,
        descriptionJa: `${t.name}.${c.name} が 0 でも CONCEPT 表にある概念でもないレコード`,
        threshold: 0,
        sql: `SELECT count(*) FILTER (WHERE t.${c.name} IS NOT NULL AND t.${c.name} <> 0 AND k.concept_id IS NULL) AS failing,
              count(*) AS total FROM ${t.name} t LEFT JOIN concept k ON k.concept_id = t.${c.name}`,
      });
      if (isStandardField(t, c)) {
        checks.push({
          id: `isStandardValidConcept.${t.name}.${c.name}`,
          category: "conformance",
          table: t.name,
          column: c.name,
          description: `Records of ${t.name} whose ${c.name} is not a standard, valid concept (0 aside)`,
          descriptionJa: `${t.name}.${c.name} が標準かつ有効な概念でないレコード（0 を除く）`,
          threshold: 0,
          sql: `SELECT count(*) FILTER (WHERE t.${c.name} <> 0 AND k.concept_id IS NOT NULL
                  AND (k.standard_concept IS DISTINCT FROM 'S' OR k.invalid_reason IS NOT NULL)) AS failing,
                count(*) AS total FROM ${t.name} t LEFT JOIN concept k ON k.concept_id = t.${c.name}`,
        });
      }
      const domain = DOMAINS[`${t.name}.${c.name}`];
      if (domain) {
        checks.push({
          id: `fkDomain.${t.name}.${c.name}`,
          category: "conformance",
          table: t.name,
          column: c.name,
          description: `Records of ${t.name} whose ${c.name} is a concept outside the ${domain} domain`,
          descriptionJa: `${t.name}.${c.name} の概念が ${domain} ドメイン外であるレコード`,
          threshold: 0,
          sql: `SELECT count(*) FILTER (WHERE t.${c.name} <> 0 AND k.domain_id IS DISTINCT FROM '${domain}'
                  AND k.concept_id IS NOT NULL) AS failing,
                count(*) AS total FROM ${t.name} t LEFT JOIN concept k ON k.concept_id = t.${c.name}`,
        });
      }
    }
  }
  return checks;
}

/** Concept columns DQD wants standard: the analysed ones, not *_source_concept_id nor the CDM version. */
function isStandardField(t: CdmTable, c: CdmColumn): boolean {
  return c.concept === true && !c.name.includes("source") && t.name !== "cdm_source";
}

function completeness(): QualityCheckDefinition[] {
  const checks: QualityCheckDefinition[] = [
    {
      id: "measurePersonCompleteness.observation_period",
      category: "completeness",
      table: "observation_period",
      description: "Persons with no observation period (no time at risk can be counted for them)",
      descriptionJa: "観察期間が一つもない人（リスク期間を数えられない）",
      threshold: 0,
      sql: `SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM observation_period o WHERE o.person_id = p.person_id))
              AS failing, count(*) AS total FROM person p`,
    },
    {
      id: "measureConditionEraCompleteness.condition_era",
      category: "completeness",
      table: "condition_era",
      description: "Persons with condition occurrences but no condition era (eras not derived)",
      descriptionJa: "疾患記録があるのに condition_era がない人（エラ未生成）",
      threshold: 0,
      sql: `SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM condition_era e WHERE e.person_id = c.person_id))
              AS failing, count(*) AS total FROM (SELECT DISTINCT person_id FROM condition_occurrence) c`,
    },
  ];
  for (const table of MUST_HAVE_ROWS) {
    checks.push({
      id: `tableNotEmpty.${table}`,
      category: "completeness",
      table,
      description: `${table} has no rows, though studies need it`,
      descriptionJa: `${table} が空（研究に必要な表）`,
      threshold: 0,
      sql: `SELECT CASE WHEN EXISTS (SELECT 1 FROM ${table}) THEN 0 ELSE 1 END AS failing, 1 AS total`,
    });
  }
  for (const [field, threshold] of Object.entries(MAPPED)) {
    const [table, column] = field.split(".") as [string, string];
    checks.push({
      id: `standardConceptRecordCompleteness.${table}.${column}`,
      category: "completeness",
      table,
      column,
      description: `Records of ${table} with ${column} 0 (source code not mapped to a standard concept)`,
      descriptionJa: `${table}.${column} が 0 のレコード（標準概念に未マッピング）`,
      threshold,
      sql: count(`${column} = 0`, table),
    });
  }
  return checks;
}

function plausibility(): QualityCheckDefinition[] {
  const checks: QualityCheckDefinition[] = [
    {
      id: "plausibleValueRange.person.year_of_birth",
      category: "plausibility",
      table: "person",
      column: "year_of_birth",
      description: "Persons born before 1850 or after this year",
      descriptionJa: "生年が 1850 年より前か今年より後の人",
      threshold: 1,
      sql: count("year_of_birth < 1850 OR year_of_birth > year(current_date)", "person"),
    },
  ];
  for (const [table, start, end] of EVENT_DATES) {
    checks.push({
      id: `plausibleAfterBirth.${table}.${start}`,
      category: "plausibility",
      table,
      column: start,
      description: `Records of ${table} whose ${start} is before the person's birth`,
      descriptionJa: `${table}.${start} が本人の出生より前のレコード`,
      threshold: 1,
      sql: count(`t.${start} < ${BIRTH}`, `${table} t JOIN person p ON p.person_id = t.person_id`),
    });
    const afterDeath = (column: string): QualityCheckDefinition => ({
      id: `plausibleBeforeDeath.${table}.${column}`,
      category: "plausibility",
      table,
      column,
      description: `Records of ${table} whose ${column} is more than 60 days after the person's death`,
      descriptionJa: `${table}.${column} が本人の死亡から 60 日を超えて後のレコード`,
      threshold: 1,
      sql: count(
        `t.${column} > d.death_date + INTERVAL 60 DAY`,
        `${table} t JOIN (SELECT person_id, min(death_date) AS death_date FROM death GROUP BY person_id) d
           ON d.person_id = t.person_id`,
      ),
    });
    if (table !== "death") checks.push(afterDeath(start));
    if (table === "observation_period" && end) checks.push(afterDeath(end));
    checks.push({
      id: `plausibleValueHigh.${table}.${start}`,
      category: "plausibility",
      table,
      column: start,
      description: `Records of ${table} whose ${start} lies in the future`,
      descriptionJa: `${table}.${start} が未来の日付のレコード`,
      threshold: 1,
      sql: count(`${start} > current_date + INTERVAL 1 DAY`, table),
    });
    if (end) {
      checks.push({
        id: `plausibleStartBeforeEnd.${table}.${start}`,
        category: "plausibility",
        table,
        column: start,
        description: `Records of ${table} whose ${end} is before ${start}`,
        descriptionJa: `${table} で ${end} が ${start} より前のレコード`,
        threshold: 1,
        sql: count(`${end} < ${start}`, `${table} WHERE ${end} IS NOT NULL AND ${start} IS NOT NULL`),
      });
    }
    if (table !== "observation_period" && table !== "death") {
      checks.push({
        id: `withinObservationPeriod.${table}.${start}`,
        category: "plausibility",
        table,
        column: start,
        description: `Records of ${table} whose ${start} falls in none of the person's observation periods`,
        descriptionJa: `${table}.${start} が本人のどの観察期間にも入らないレコード`,
        threshold: 0,
        sql: count(
          `NOT EXISTS (SELECT 1 FROM observation_period o WHERE o.person_id = t.person_id
             AND t.${start} BETWEEN o.observation_period_start_date AND o.observation_period_end_date)`,
          `${table} t`,
        ),
      });
    }
  }
  for (const lab of LAB_RANGES) {
    const labRows = `measurement WHERE measurement_concept_id IN (${inList(lab.conceptIds)}) AND value_as_number IS NOT NULL`;
    const units = lab.units.flatMap((u) => u.unitConceptIds);
    const outside = lab.units
      .map(
        (u) =>
          `(unit_concept_id IN (${inList(u.unitConceptIds)}) AND value_as_number NOT BETWEEN ${u.low} AND ${u.high})`,
      )
      .join(" OR ");
    const ranges = lab.units.map((u) => `${u.low}–${u.high} ${u.unit}`).join(", ");
    checks.push({
      id: `plausibleValueRange.measurement.${lab.slug}`,
      category: "plausibility",
      table: "measurement",
      column: "value_as_number",
      description: `${lab.name} results outside the plausible ${ranges}`,
      descriptionJa: `${lab.nameJa}の値が妥当範囲（${ranges}）外の結果`,
      threshold: 1,
      sql: count(outside, `${labRows} AND unit_concept_id IN (${inList(units)})`),
    });
    checks.push({
      id: `plausibleUnitConceptIds.measurement.${lab.slug}`,
      category: "plausibility",
      table: "measurement",
      column: "unit_concept_id",
      description: `${lab.name} results with a unit other than ${lab.units.map((u) => u.unit).join(", ")} (or none)`,
      descriptionJa: `${lab.nameJa}の単位が ${lab.units.map((u) => u.unit).join("、")} 以外（または未設定）の結果`,
      threshold: 5,
      sql: count(`unit_concept_id IS NULL OR unit_concept_id NOT IN (${inList(units)})`, labRows),
    });
  }
  const withDescendants = (ids: number[]) =>
    `(SELECT descendant_concept_id FROM concept_ancestor WHERE ancestor_concept_id IN (${inList(ids)})
      UNION SELECT unnest([${inList(ids)}]))`;
  for (const [table, column] of [
    ["condition_occurrence", "condition_concept_id"],
    ["condition_era", "condition_concept_id"],
  ] as const) {
    checks.push({
      id: `plausibleGender.${table}.${column}`,
      category: "plausibility",
      table,
      column,
      description: `Records of sex-specific conditions (e.g. prostate, uterus) in persons of the other sex`,
      descriptionJa: "性別特有の疾患（前立腺、子宮など）が他方の性別の人に記録されたレコード",
      threshold: 5,
      sql: `WITH male AS ${withDescendants(MALE_ONLY_CONDITIONS)}, female AS ${withDescendants(FEMALE_ONLY_CONDITIONS)}
            SELECT count(*) FILTER (WHERE (t.${column} IN (SELECT * FROM male) AND p.gender_concept_id = ${FEMALE})
                OR (t.${column} IN (SELECT * FROM female) AND p.gender_concept_id = ${MALE})) AS failing,
              count(*) AS total
            FROM ${table} t JOIN person p ON p.person_id = t.person_id
            WHERE t.${column} IN (SELECT * FROM male) OR t.${column} IN (SELECT * FROM female)`,
    });
  }
  return checks;
}

/** Every check the report runs, in report order. */
export function qualityChecks(): QualityCheckDefinition[] {
  return [...conformance(), ...completeness(), ...plausibility()];
}
