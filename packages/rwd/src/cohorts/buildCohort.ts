import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
  INTEGER,
  LIST,
  listValue,
  VARCHAR,
} from "@duckdb/node-api";
import {
  type CohortDefinition,
  type CohortDefinitionInput,
  type Criterion,
  type EventDomain,
  entryCriteria,
  type MeasurementFilter,
  parseCohortDefinition,
} from "./CohortDefinition.ts";

export interface BuildCohortOptions {
  /** default "kh_cohort"; the attrition goes to `<cohortTable>_attrition` */
  cohortTable?: string;
  cohortId: number;
}

export interface AttritionStep {
  step: string;
  stepJa: string;
  persons: number;
  events: number;
}

export interface BuildCohortResult {
  cohortId: number;
  /** distinct subjects in the cohort */
  persons: number;
  /** cohort rows (overlapping episodes of a person merged) */
  entries: number;
  attrition: AttritionStep[];
  /** every statement run, in order, with $n placeholders where values were bound */
  sql: string[];
}

/** Same rule as the study spec's cohortTable, so both sides accept the same names. */
const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/** How each domain's rows become events: the dates Circe uses for them. */
const DOMAINS: Record<
  EventDomain,
  { code: number; table: string; id: string; concept: string; start: string; end: string }
> = {
  drug_exposure: {
    code: 1,
    table: "drug_exposure",
    id: "drug_exposure_id",
    concept: "drug_concept_id",
    start: "t.drug_exposure_start_date",
    // a missing end falls back to the days' supply, then to one day, as in Circe
    end: "COALESCE(t.drug_exposure_end_date, t.drug_exposure_start_date + t.days_supply, t.drug_exposure_start_date + 1)",
  },
  drug_era: {
    code: 2,
    table: "drug_era",
    id: "drug_era_id",
    concept: "drug_concept_id",
    start: "t.drug_era_start_date",
    end: "t.drug_era_end_date",
  },
  condition_occurrence: {
    code: 3,
    table: "condition_occurrence",
    id: "condition_occurrence_id",
    concept: "condition_concept_id",
    start: "t.condition_start_date",
    end: "COALESCE(t.condition_end_date, t.condition_start_date + 1)",
  },
  condition_era: {
    code: 4,
    table: "condition_era",
    id: "condition_era_id",
    concept: "condition_concept_id",
    start: "t.condition_era_start_date",
    end: "t.condition_era_end_date",
  },
  measurement: {
    code: 5,
    table: "measurement",
    id: "measurement_id",
    concept: "measurement_concept_id",
    start: "t.measurement_date",
    end: "t.measurement_date + 1",
  },
};

const TMP = "kh_cohort_tmp";

/** One statement and the values bound to its $n placeholders. */
class Statement {
  readonly values: DuckDBValue[] = [];
  readonly types: DuckDBType[] = [];
  text = "";

  /** Binds a value and returns its placeholder: user values never enter the SQL text. */
  p(value: DuckDBValue, type: DuckDBType): string {
    this.values.push(value);
    this.types.push(type);
    return `$${this.values.length}`;
  }
  int(value: number): string {
    return this.p(value, INTEGER);
  }
  ints(values: readonly number[]): string {
    return this.p(listValue([...values]), LIST(INTEGER));
  }
}

function eventsSql(
  s: Statement,
  c: { domain: EventDomain; conceptSetId: number; measurement?: MeasurementFilter | undefined },
): string {
  const d = DOMAINS[c.domain];
  const where = [
    `t.${d.concept} IN (SELECT concept_id FROM ${TMP}_codesets WHERE codeset_id = ${s.int(c.conceptSetId)})`,
  ];
  if (c.measurement) {
    // the operator is one of four fixed strings (checked by the schema), not free text
    const op = { "<": "<", "<=": "<=", ">": ">", ">=": ">=" }[c.measurement.operator];
    where.push(`t.value_as_number ${op} ${s.p(c.measurement.value, DOUBLE)}`);
    if (c.measurement.unitConceptIds)
      where.push(`list_contains(${s.ints(c.measurement.unitConceptIds)}, t.unit_concept_id)`);
  }
  // an end before the start is an ETL error; clamping keeps the event inside its own era
  return `SELECT t.person_id, ${d.code} AS domain, t.${d.id} AS event_id, ${d.start} AS start_date,
    GREATEST(${d.start}, ${d.end}) AS end_date
  FROM ${d.table} t WHERE ${where.join(" AND ")}`;
}

/**
 * Merges each person's intervals that overlap or lie at most `gap` days apart (end to next start)
 * into one, as Circe's era logic: a row opens a new era only when it starts after every earlier
 * row's end plus the gap.
 */
function erasSql(source: string, gap: string): string {
  return `SELECT person_id, min(start_date) AS start_date, max(end_date) AS end_date FROM (
    SELECT *, sum(is_new) OVER (PARTITION BY person_id ORDER BY start_date, end_date ROWS UNBOUNDED PRECEDING) AS grp
    FROM (
      SELECT person_id, start_date, end_date,
        CASE WHEN start_date <= max(end_date + ${gap}) OVER (
          PARTITION BY person_id ORDER BY start_date, end_date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        THEN 0 ELSE 1 END AS is_new
      FROM ${source}
    )
  ) GROUP BY person_id, grp`;
}

function criterionSql(s: Statement, c: Criterion): string {
  switch (c.type) {
    case "age": {
      // year of birth only, as Circe: month and day are often missing or shifted for privacy
      const age = "(year(e.start_date) - p.year_of_birth)";
      const parts: string[] = [];
      if (c.min !== undefined) parts.push(`${age} >= ${s.int(c.min)}`);
      if (c.max !== undefined) parts.push(`${age} <= ${s.int(c.max)}`);
      return `EXISTS (SELECT 1 FROM person p WHERE p.person_id = e.person_id AND ${parts.join(" AND ")})`;
    }
    case "sex":
      return `EXISTS (SELECT 1 FROM person p WHERE p.person_id = e.person_id
        AND list_contains(${s.ints(c.genderConceptIds)}, p.gender_concept_id))`;
    case "occurrence": {
      // only events seen in the index event's observation period count, as Circe's default: outside it
      // absence of a record says nothing
      const n = `(SELECT count(DISTINCT x.event_id) FROM (${eventsSql(s, c)}) x
        WHERE x.person_id = e.person_id
          AND x.start_date BETWEEN e.start_date + ${s.int(c.window.startDays)} AND e.start_date + ${s.int(c.window.endDays)}
          AND x.start_date BETWEEN e.op_start AND e.op_end)`;
      return c.occurrence === "none" ? `${n} = 0` : `${n} >= ${s.int(c.count ?? 1)}`;
    }
  }
}

function stepText(def: CohortDefinition): { obs: string; obsJa: string } {
  const pre = def.priorObservationDays;
  const post = def.postObservationDays;
  return {
    obs: `Continuous observation: ${pre} days before and ${post} days after the index date`,
    obsJa: `連続観察期間：インデックス日の前 ${pre} 日・後 ${post} 日`,
  };
}

/**
 * Builds one cohort into `<cohortTable>` (cohort_definition_id, subject_id, cohort_start_date,
 * cohort_end_date), replacing that cohort id's earlier rows, and its attrition into
 * `<cohortTable>_attrition`. Runs in one transaction on `connection`, so it must not be inside
 * another one; a failed build leaves the earlier rows in place.
 */
export async function buildCohort(
  connection: DuckDBConnection,
  definition: CohortDefinitionInput | CohortDefinition,
  options: BuildCohortOptions,
): Promise<BuildCohortResult> {
  const def = parseCohortDefinition(definition);
  const cohortTable = options.cohortTable ?? "kh_cohort";
  if (!TABLE_NAME.test(cohortTable))
    throw new Error(
      `cohortTable must be a lower-case SQL name (letters, digits, _): ${JSON.stringify(cohortTable)}`,
    );
  const cohortId = options.cohortId;
  if (!Number.isSafeInteger(cohortId) || cohortId < 0)
    throw new Error(`cohortId must be a non-negative integer: ${cohortId}`);
  const attritionTable = `${cohortTable}_attrition`;

  const sql: string[] = [];
  const run = async (s: Statement) => {
    sql.push(s.text);
    return s.values.length > 0
      ? connection.runAndReadAll(s.text, s.values, s.types)
      : connection.runAndReadAll(s.text);
  };
  const stmt = (build: (s: Statement) => string): Statement => {
    const s = new Statement();
    s.text = build(s);
    return s;
  };
  const temps: string[] = [];
  const temp = (name: string, build: (s: Statement) => string) => {
    temps.push(`${TMP}_${name}`);
    return run(stmt((s) => `CREATE OR REPLACE TEMP TABLE ${TMP}_${name} AS ${build(s)}`));
  };

  const steps: { table: string; step: string; stepJa: string }[] = [];
  await run(stmt(() => "BEGIN TRANSACTION"));
  try {
    const items = def.conceptSets.flatMap((set) => set.items.map((item) => ({ setId: set.id, ...item })));
    await temp(
      "items",
      (s) => `SELECT unnest(${s.ints(items.map((i) => i.setId))}) AS codeset_id,
        unnest(${s.ints(items.map((i) => i.conceptId))}) AS concept_id,
        unnest(${s.p(listValue(items.map((i) => i.includeDescendants)), LIST(BOOLEAN))}) AS include_descendants,
        unnest(${s.p(listValue(items.map((i) => i.exclude)), LIST(BOOLEAN))}) AS is_excluded`,
    );
    // Exclusions are expanded like inclusions and subtracted last, so excluding a parent with its
    // descendants removes the whole branch whichever item brought it in. Invalid (deprecated) concepts
    // reached only through the hierarchy are dropped, as Circe does; a concept named directly is kept
    // even when the vocabulary lacks its row.
    await temp("codesets", () => {
      const expanded = (excluded: boolean) => `
        SELECT i.codeset_id, i.concept_id FROM ${TMP}_items i WHERE i.is_excluded = ${excluded}
        UNION
        SELECT i.codeset_id, ca.descendant_concept_id FROM ${TMP}_items i
          JOIN concept_ancestor ca ON ca.ancestor_concept_id = i.concept_id
          LEFT JOIN concept c ON c.concept_id = ca.descendant_concept_id
          WHERE i.is_excluded = ${excluded} AND i.include_descendants AND c.invalid_reason IS NULL`;
      return `(${expanded(false)}) EXCEPT (${expanded(true)})`;
    });

    // the same record matched by two alternatives is one event
    await temp(
      "events",
      (s) =>
        `SELECT DISTINCT * FROM (${entryCriteria(def)
          .map((c) => eventsSql(s, c))
          .join("\nUNION ALL\n")})`,
    );
    steps.push({
      table: `${TMP}_events`,
      step: "Qualifying entry events",
      stepJa: "組み入れ基準を満たすイベント（全件）",
    });
    let last = `${TMP}_events`;

    if (def.firstOccurrenceOnly) {
      // before the observation requirement: a person whose first-ever event lacks the washout is not a
      // new user at a later event either
      await temp(
        "first",
        () => `SELECT * FROM ${last}
          QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY start_date, end_date, domain, event_id) = 1`,
      );
      last = `${TMP}_first`;
      steps.push({ table: last, step: "First event per person", stepJa: "各患者の初回イベント" });
    }

    await temp("obs", (s) => {
      const prior = s.int(def.priorObservationDays);
      const post = s.int(def.postObservationDays);
      return `SELECT e.*, op.observation_period_start_date AS op_start, op.observation_period_end_date AS op_end
        FROM ${last} e JOIN observation_period op ON op.person_id = e.person_id
          AND e.start_date BETWEEN op.observation_period_start_date AND op.observation_period_end_date
        WHERE op.observation_period_start_date + ${prior} <= e.start_date
          AND e.start_date + ${post} <= op.observation_period_end_date
        -- overlapping periods (an ETL error) must not duplicate the event
        QUALIFY row_number() OVER (PARTITION BY e.domain, e.event_id ORDER BY op.observation_period_end_date DESC) = 1`;
    });
    last = `${TMP}_obs`;
    const { obs, obsJa } = stepText(def);
    steps.push({ table: last, step: obs, stepJa: obsJa });

    for (const [i, rule] of def.inclusionRules.entries()) {
      const table = `rule_${i + 1}`;
      await temp(table, (s) => `SELECT * FROM ${last} e WHERE ${criterionSql(s, rule.criterion)}`);
      last = `${TMP}_${table}`;
      steps.push({ table: last, step: rule.name, stepJa: rule.nameJa ?? rule.name });
    }

    const exit = def.exit;
    if (exit.type === "end_of_exposure") {
      // eras from every qualifying entry event, not only the index ones: later exposures extend the era
      await temp("eras", (s) =>
        erasSql(
          `(SELECT person_id, start_date, end_date FROM ${TMP}_events)`,
          s.int(exit.persistenceWindowDays),
        ),
      );
    }
    await temp("ends", (s) => {
      const end =
        exit.type === "end_of_exposure"
          ? `x.end_date + ${s.int(exit.surveillanceDays)}`
          : exit.type === "fixed_days"
            ? `e.start_date + ${s.int(exit.days)}`
            : "e.op_end";
      const eraJoin =
        exit.type === "end_of_exposure"
          ? `JOIN ${TMP}_eras x ON x.person_id = e.person_id AND e.start_date BETWEEN x.start_date AND x.end_date`
          : "";
      // death on or after the index ends follow-up; an earlier death record is left to data quality
      return `SELECT e.person_id, e.start_date, LEAST(${end}, e.op_end, COALESCE(d.death_date, e.op_end)) AS end_date
        FROM ${last} e ${eraJoin}
        LEFT JOIN (SELECT person_id, min(death_date) AS death_date FROM death GROUP BY person_id) d
          ON d.person_id = e.person_id AND d.death_date >= e.start_date`;
    });

    await run(
      stmt(
        () => `CREATE TABLE IF NOT EXISTS ${cohortTable} (cohort_definition_id BIGINT, subject_id BIGINT,
          cohort_start_date DATE, cohort_end_date DATE)`,
      ),
    );
    await run(
      stmt((s) => `DELETE FROM ${cohortTable} WHERE cohort_definition_id = ${s.p(cohortId, BIGINT)}`),
    );
    // overlapping episodes of one person become one row, as Circe's final collapse (era pad 0)
    await run(
      stmt(
        (
          s,
        ) => `INSERT INTO ${cohortTable} (cohort_definition_id, subject_id, cohort_start_date, cohort_end_date)
          SELECT ${s.p(cohortId, BIGINT)}, person_id, start_date, end_date
          FROM (${erasSql(`${TMP}_ends`, "0")}) ORDER BY person_id, start_date`,
      ),
    );

    await run(
      stmt(
        () => `CREATE TABLE IF NOT EXISTS ${attritionTable} (cohort_definition_id BIGINT, step_index INTEGER,
          step VARCHAR, step_ja VARCHAR, persons BIGINT, events BIGINT)`,
      ),
    );
    await run(
      stmt((s) => `DELETE FROM ${attritionTable} WHERE cohort_definition_id = ${s.p(cohortId, BIGINT)}`),
    );
    await run(
      stmt(
        (s) =>
          `INSERT INTO ${attritionTable} ${steps
            .map(
              (step, i) => `SELECT ${s.p(cohortId, BIGINT)}, ${s.int(i)}, ${s.p(step.step, VARCHAR)},
            ${s.p(step.stepJa, VARCHAR)}, count(DISTINCT person_id), count(*) FROM ${step.table}`,
            )
            .join("\nUNION ALL\n")}`,
      ),
    );
    await run(stmt(() => "COMMIT"));
  } catch (error) {
    await connection.run("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    for (const t of temps) await connection.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  }

  const attritionRows = await run(
    stmt(
      (s) => `SELECT step, step_ja, persons, events FROM ${attritionTable}
        WHERE cohort_definition_id = ${s.p(cohortId, BIGINT)} ORDER BY step_index`,
    ),
  );
  const attrition = attritionRows.getRowObjectsJS().map((r) => ({
    step: String(r.step),
    stepJa: String(r.step_ja),
    persons: Number(r.persons),
    events: Number(r.events),
  }));
  const totals = await run(
    stmt(
      (s) => `SELECT count(DISTINCT subject_id) AS persons, count(*) AS entries FROM ${cohortTable}
        WHERE cohort_definition_id = ${s.p(cohortId, BIGINT)}`,
    ),
  );
  const total = totals.getRowObjectsJS()[0];
  return {
    cohortId,
    persons: Number(total?.persons ?? 0),
    entries: Number(total?.entries ?? 0),
    attrition,
    sql,
  };
}
