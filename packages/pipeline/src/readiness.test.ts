import { describe, expect, it } from "vitest";
import {
  assessReadiness,
  type EvidenceForReadiness,
  isChampionData,
  parseReadinessRules,
  READINESS_RULES_V1,
  type ReadinessAssessment,
  type ReadinessRule,
} from "./readiness.ts";
import rulesJson from "./readiness-rules.v1.json" with { type: "json" };
import { MODALITIES, type Modality, STAGES, type Stage } from "./vocabulary.ts";

let nextId = 0;
const ev = (
  over: Partial<EvidenceForReadiness> & Pick<EvidenceForReadiness, "kind">,
): EvidenceForReadiness => {
  nextId += 1;
  return {
    id: `ev-${nextId}`,
    title: `${over.kind} study ${nextId}`,
    integrityLevel: "research",
    replications: 3,
    reproducedByOtherLab: false,
    performedOn: "2025-01-01",
    ...over,
  };
};

const rule = (over: Partial<ReadinessRule> = {}): ReadinessRule => ({
  version: 1,
  gate: "hit",
  modality: "*",
  requirement: "in_vitro_activity",
  evidenceKind: "in_vitro_efficacy",
  minIntegrity: "research",
  minReplications: 1,
  requireIndependentLab: false,
  labelJa: "in vitro での活性",
  labelEn: "In vitro activity",
  ...over,
});

const gateOf = (a: ReadinessAssessment, gate: Stage) => {
  const g = a.gates.find((x) => x.gate === gate);
  if (!g) throw new Error(`no gate ${gate}`);
  return g;
};
const reqOf = (a: ReadinessAssessment, gate: Stage, requirement: string) => {
  const r = gateOf(a, gate).requirements.find((x) => x.requirement === requirement);
  if (!r) throw new Error(`no requirement ${requirement} at ${gate}`);
  return r;
};

describe("rule table v1", () => {
  it("loads, is version 1, and has a unique (version, gate, modality, requirement) for every row", () => {
    expect(READINESS_RULES_V1.length).toBeGreaterThanOrEqual(25);
    expect(READINESS_RULES_V1.length).toBeLessThanOrEqual(40);
    expect(READINESS_RULES_V1.every((r) => r.version === 1)).toBe(true);
    const keys = READINESS_RULES_V1.map((r) => `${r.version}/${r.gate}/${r.modality}/${r.requirement}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(READINESS_RULES_V1).toEqual(rulesJson);
  });

  it("rejects a duplicate key and an unknown evidence kind", () => {
    expect(() => parseReadinessRules([rule(), rule()])).toThrow(/duplicate/);
    expect(() => parseReadinessRules([{ ...rule(), evidenceKind: "anecdote" }])).toThrow();
    expect(() => parseReadinessRules([rule({ gate: "target_discovery" })])).toThrow();
  });

  it("lists every stage after target discovery except approval as a gate for every modality", () => {
    const a = assessReadiness({ stage: "target_discovery", modality: "other" }, [], READINESS_RULES_V1);
    expect(a.gates.map((g) => g.gate)).toEqual([
      "target_validation",
      "hit",
      "lead",
      "non_clinical",
      "ind_enabling",
      "phase1",
      "phase2",
      "phase3",
      "filed",
    ]);
    expect(a.nextGate).toBe("target_validation");
    expect(a.ruleVersion).toBe(1);
  });
});

describe("assessReadiness with the v1 rules", () => {
  it("asks a nucleic-acid seed entering non-clinical for an off-target assessment, a small molecule not", () => {
    const evidence = [ev({ kind: "in_vivo_efficacy", replications: 2, reproducedByOtherLab: true })];
    const small = assessReadiness(
      { stage: "lead", modality: "small_molecule" },
      evidence,
      READINESS_RULES_V1,
    );
    const nucleic = assessReadiness(
      { stage: "lead", modality: "nucleic_acid" },
      evidence,
      READINESS_RULES_V1,
    );
    expect(gateOf(small, "non_clinical").requirements.map((r) => r.requirement)).toEqual([
      "in_vivo_efficacy_independent",
    ]);
    expect(gateOf(small, "non_clinical").status).toBe("ready");
    expect(gateOf(nucleic, "non_clinical").requirements.map((r) => r.requirement)).toEqual([
      "in_vivo_efficacy_independent",
      "off_target_assessment",
    ]);
    expect(gateOf(nucleic, "non_clinical").status).toBe("not_ready");
    expect(reqOf(nucleic, "non_clinical", "off_target_assessment").reasons.map((r) => r.code)).toEqual([
      "no_evidence",
    ]);
  });

  it("requires in vivo efficacy reproduced by an independent lab at non-clinical", () => {
    const a = assessReadiness(
      { stage: "lead", modality: "antibody" },
      [ev({ kind: "in_vivo_efficacy", replications: 4, reproducedByOtherLab: false })],
      READINESS_RULES_V1,
    );
    const r = reqOf(a, "non_clinical", "in_vivo_efficacy_independent");
    expect(r.satisfied).toBe(false);
    expect(r.reasons.map((x) => x.code)).toEqual(["not_independently_reproduced"]);
  });

  it("asks cell therapy for tumorigenicity / biodistribution safety evidence", () => {
    const a = assessReadiness({ stage: "lead", modality: "cell" }, [], READINESS_RULES_V1);
    expect(gateOf(a, "non_clinical").requirements.map((r) => r.requirement)).toContain(
      "tumorigenicity_biodistribution",
    );
  });

  it("needs GLP toxicology and a CMC plan to enter IND-enabling studies", () => {
    const seed = { stage: "non_clinical", modality: "small_molecule" } as const;
    const none = assessReadiness(seed, [], READINESS_RULES_V1);
    expect(none.nextGate).toBe("ind_enabling");
    expect(gateOf(none, "ind_enabling").status).toBe("not_ready");
    expect(gateOf(none, "ind_enabling").requirements.map((r) => [r.requirement, r.reasons[0]?.code])).toEqual(
      [
        ["glp_toxicology", "no_evidence"],
        ["cmc_plan", "no_evidence"],
      ],
    );

    const tox = ev({ kind: "toxicology", integrityLevel: "glp", replications: 1 });
    const cmc = ev({ kind: "cmc_plan", replications: 2 });
    const ready = assessReadiness(seed, [tox, cmc], READINESS_RULES_V1);
    expect(gateOf(ready, "ind_enabling").status).toBe("ready");
    expect(reqOf(ready, "ind_enabling", "glp_toxicology").satisfiedBy).toEqual([tox.id]);
    expect(reqOf(ready, "ind_enabling", "cmc_plan").satisfiedBy).toEqual([cmc.id]);
  });

  it("does not accept non-GLP toxicology where GLP is required, and says why", () => {
    const tox = ev({
      kind: "toxicology",
      integrityLevel: "research",
      replications: 3,
      title: "用量設定試験",
    });
    const r = reqOf(
      assessReadiness({ stage: "non_clinical", modality: "peptide" }, [tox], READINESS_RULES_V1),
      "ind_enabling",
      "glp_toxicology",
    );
    expect(r.satisfied).toBe(false);
    expect(r.reasons).toEqual([
      {
        code: "integrity_too_low",
        ja: "「用量設定試験」は研究レベルのデータです。GLP 準拠で実施されたデータが必要です。",
        en: '"用量設定試験" is research-grade data; this requirement needs GLP data.',
      },
    ]);
  });

  it("treats GxP levels as separate regimes: GLP is not GMP", () => {
    const cmc = ev({ kind: "cmc_plan", integrityLevel: "glp", replications: 1 });
    const r = reqOf(
      assessReadiness({ stage: "ind_enabling", modality: "antibody" }, [cmc], READINESS_RULES_V1),
      "phase1",
      "gmp_investigational_product",
    );
    expect(r.satisfied).toBe(false);
    expect(r.reasons.map((x) => x.code)).toEqual(["integrity_too_low"]);
  });

  it("asks for GCP clinical evidence from phase 2 on", () => {
    const trial = ev({ kind: "clinical", integrityLevel: "gcp", replications: 1 });
    const a = assessReadiness({ stage: "phase1", modality: "antibody" }, [trial], READINESS_RULES_V1);
    expect(gateOf(a, "phase2").status).toBe("ready");
    const research = ev({ kind: "clinical", integrityLevel: "research", replications: 5 });
    const b = assessReadiness({ stage: "phase1", modality: "antibody" }, [research], READINESS_RULES_V1);
    expect(reqOf(b, "phase2", "phase1_clinical").reasons.map((x) => x.code)).toEqual(["integrity_too_low"]);
  });

  it("marks gates at or before the current stage passed, and still reports their requirements", () => {
    const a = assessReadiness(
      { stage: "hit", modality: "small_molecule" },
      [ev({ kind: "target_validation", replications: 2 })],
      READINESS_RULES_V1,
    );
    expect(a.nextGate).toBe("lead");
    expect(gateOf(a, "target_validation")).toMatchObject({ status: "passed" });
    expect(reqOf(a, "target_validation", "target_validation_replicated").satisfied).toBe(true);
    // a seed can have moved on without the evidence on file: the gate is still passed
    expect(gateOf(a, "hit").status).toBe("passed");
    expect(reqOf(a, "hit", "in_vitro_activity").satisfied).toBe(false);
    expect(gateOf(a, "lead").status).toBe("not_ready");
  });

  it("has no next gate once approved", () => {
    const a = assessReadiness({ stage: "approved", modality: "vaccine" }, [], READINESS_RULES_V1);
    expect(a.nextGate).toBeNull();
    expect(a.gates.every((g) => g.status === "passed")).toBe(true);
  });
});

describe("champion data", () => {
  const lenient = [rule({ minReplications: 1, minIntegrity: "research" })];

  it("is a single, unreplicated research result", () => {
    expect(isChampionData(ev({ kind: "in_vitro_efficacy", replications: 1 }))).toBe(true);
    expect(isChampionData(ev({ kind: "in_vitro_efficacy", replications: 2 }))).toBe(false);
    expect(
      isChampionData(ev({ kind: "in_vitro_efficacy", replications: 1, reproducedByOtherLab: true })),
    ).toBe(false);
    expect(isChampionData(ev({ kind: "toxicology", integrityLevel: "glp", replications: 1 }))).toBe(false);
  });

  it("never satisfies a requirement, even one asking for a single research-level replication", () => {
    const best = ev({ kind: "in_vitro_efficacy", replications: 1, title: "IC50 = 3 nM" });
    const a = assessReadiness({ stage: "target_validation", modality: "small_molecule" }, [best], lenient);
    const r = reqOf(a, "hit", "in_vitro_activity");
    expect(r.satisfied).toBe(false);
    expect(r.satisfiedBy).toEqual([]);
    expect(r.reasons.map((x) => x.code)).toEqual(["champion_data"]);
    expect(r.reasons[0]?.ja).toContain("チャンピオンデータ");
    expect(r.reasons[0]?.en).toContain("champion data");
    expect(gateOf(a, "hit").status).toBe("not_ready");
  });

  it("is rescued by reproduction in another lab, even with a single replication", () => {
    const reproduced = ev({ kind: "in_vitro_efficacy", replications: 1, reproducedByOtherLab: true });
    const a = assessReadiness(
      { stage: "target_validation", modality: "small_molecule" },
      [reproduced],
      lenient,
    );
    expect(reqOf(a, "hit", "in_vitro_activity")).toMatchObject({
      satisfied: true,
      satisfiedBy: [reproduced.id],
      reasons: [],
    });
    expect(gateOf(a, "hit").status).toBe("ready");
  });

  it("lists every shortfall of the closest evidence", () => {
    const strict = [rule({ minReplications: 2, requireIndependentLab: true })];
    const single = ev({ kind: "in_vitro_efficacy", replications: 1 });
    const r = reqOf(
      assessReadiness({ stage: "target_validation", modality: "peptide" }, [single], strict),
      "hit",
      "in_vitro_activity",
    );
    expect(r.reasons.map((x) => x.code)).toEqual([
      "champion_data",
      "too_few_replications",
      "not_independently_reproduced",
    ]);
  });

  it("explains the evidence closest to passing, the most recent on a tie", () => {
    const strict = [rule({ minReplications: 3 })];
    const older = ev({
      kind: "in_vitro_efficacy",
      replications: 2,
      performedOn: "2024-01-01",
      title: "older",
    });
    const newer = ev({
      kind: "in_vitro_efficacy",
      replications: 2,
      performedOn: "2025-06-01",
      title: "newer",
    });
    const worse = ev({
      kind: "in_vitro_efficacy",
      replications: 1,
      performedOn: "2026-01-01",
      title: "worse",
    });
    const r = reqOf(
      assessReadiness({ stage: "target_validation", modality: "peptide" }, [older, worse, newer], strict),
      "hit",
      "in_vitro_activity",
    );
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]?.code).toBe("too_few_replications");
    expect(r.reasons[0]?.en).toBe('"newer" has 2 replications; at least 3 are needed.');
    expect(r.reasons[0]?.ja).toBe("「newer」の反復は2回です。3回以上必要です。");
  });
});

describe("rule selection", () => {
  it("uses only the highest version present", () => {
    const rules = [
      rule({ version: 1, requirement: "old_rule", minReplications: 2 }),
      rule({ version: 2, requirement: "new_rule", minReplications: 5 }),
      rule({ version: 2, gate: "lead", requirement: "new_lead_rule", evidenceKind: "pk_adme" }),
    ];
    const a = assessReadiness({ stage: "target_validation", modality: "antibody" }, [], rules);
    expect(a.ruleVersion).toBe(2);
    expect(a.gates.map((g) => [g.gate, g.requirements.map((r) => r.requirement)])).toEqual([
      ["hit", ["new_rule"]],
      ["lead", ["new_lead_rule"]],
    ]);
  });

  it("applies a modality's own rules and lets them replace the '*' rule with the same id", () => {
    const rules = [
      rule({ requirement: "in_vitro_activity", minReplications: 2 }),
      rule({ requirement: "extra", modality: "gene", evidenceKind: "off_target" }),
      rule({
        requirement: "in_vitro_activity",
        modality: "cell",
        minReplications: 4,
        labelEn: "Cell potency assay",
      }),
    ];
    const gene = assessReadiness({ stage: "target_validation", modality: "gene" }, [], rules);
    expect(gateOf(gene, "hit").requirements.map((r) => r.requirement)).toEqual([
      "in_vitro_activity",
      "extra",
    ]);
    const threeReps = ev({ kind: "in_vitro_efficacy", replications: 3 });
    const cell = assessReadiness({ stage: "target_validation", modality: "cell" }, [threeReps], rules);
    expect(gateOf(cell, "hit").requirements).toHaveLength(1);
    expect(reqOf(cell, "hit", "in_vitro_activity")).toMatchObject({
      labelEn: "Cell potency assay",
      satisfied: false,
    });
    const small = assessReadiness(
      { stage: "target_validation", modality: "small_molecule" },
      [threeReps],
      rules,
    );
    expect(reqOf(small, "hit", "in_vitro_activity").satisfied).toBe(true);
  });

  it("lists no gates when there are no rules", () => {
    const a = assessReadiness({ stage: "lead", modality: "antibody" }, [], []);
    expect(a).toEqual({
      ruleVersion: 0,
      stage: "lead",
      modality: "antibody",
      nextGate: "non_clinical",
      gates: [],
    });
  });
});

describe("every modality-specific row of the v1 rule table", () => {
  // one evidence record that meets a row: its kind and integrity level, replicated (never champion data),
  // reproduced elsewhere only where the row asks for it
  const meeting = (r: ReadinessRule): EvidenceForReadiness =>
    ev({
      kind: r.evidenceKind,
      integrityLevel: r.minIntegrity,
      replications: Math.max(2, r.minReplications),
      reproducedByOtherLab: r.requireIndependentLab,
    });
  const specific = READINESS_RULES_V1.filter((r) => r.modality !== "*");
  const before = (gate: Stage) => STAGES[STAGES.indexOf(gate) - 1] as Stage;

  it("covers the rows the modalities are known for", () => {
    const keys = specific.map((r) => `${r.gate}/${r.modality}/${r.requirement}`);
    for (const k of [
      "non_clinical/gene/biodistribution_shedding",
      "ind_enabling/adc/tissue_cross_reactivity",
      "ind_enabling/ri_antibody/tissue_cross_reactivity",
      "non_clinical/ri_antibody/dosimetry",
      "non_clinical/microbiome/strain_safety",
      "lead/peptide/selectivity_panel",
    ])
      expect(keys).toContain(k);
  });

  it.each(specific.map((r) => [`${r.modality} entering ${r.gate}: ${r.requirement}`, r] as const))(
    "%s fails without its evidence and passes with replicated evidence",
    (_name, r) => {
      const seed = { stage: before(r.gate as Stage), modality: r.modality as Modality };
      // evidence meeting every row of the gate, whatever its modality: the seed lacks nothing else
      const full = READINESS_RULES_V1.filter((x) => x.gate === r.gate).map(meeting);
      const withIt = assessReadiness(seed, full, READINESS_RULES_V1);
      expect(gateOf(withIt, r.gate).status).toBe("ready");
      expect(reqOf(withIt, r.gate, r.requirement)).toMatchObject({
        satisfied: true,
        labelEn: r.labelEn,
        labelJa: r.labelJa,
      });

      const without = assessReadiness(
        seed,
        full.filter((e) => e.kind !== r.evidenceKind),
        READINESS_RULES_V1,
      );
      expect(gateOf(without, r.gate).status).toBe("not_ready");
      const missing = reqOf(without, r.gate, r.requirement);
      expect(missing).toMatchObject({ satisfied: false, labelEn: r.labelEn });
      expect(missing.reasons.map((x) => x.code)).toEqual(["no_evidence"]);

      // the same study as champion data (single, unreplicated, research-grade) does not stand in for it
      const champion = ev({ kind: r.evidenceKind, replications: 1, reproducedByOtherLab: false });
      const weak = assessReadiness(
        seed,
        [...full.filter((e) => e.kind !== r.evidenceKind), champion],
        READINESS_RULES_V1,
      );
      expect(gateOf(weak, r.gate).status).toBe("not_ready");
      expect(reqOf(weak, r.gate, r.requirement).satisfied).toBe(false);
    },
  );

  it.each(specific.map((r) => [`${r.modality}/${r.gate}/${r.requirement}`, r] as const))(
    "%s binds only its modality (or replaces a shared row of the same id)",
    (_name, r) => {
      const shared = READINESS_RULES_V1.find(
        (x) => x.modality === "*" && x.gate === r.gate && x.requirement === r.requirement,
      );
      const others = MODALITIES.filter(
        (m) =>
          m !== r.modality &&
          !READINESS_RULES_V1.some(
            (x) => x.modality === m && x.gate === r.gate && x.requirement === r.requirement,
          ),
      );
      for (const m of others) {
        const a = assessReadiness({ stage: before(r.gate as Stage), modality: m }, [], READINESS_RULES_V1);
        const listed = gateOf(a, r.gate).requirements.find((x) => x.requirement === r.requirement);
        // where the row replaces a shared one, other modalities keep the shared row's wording
        expect(listed?.labelEn, m).toBe(shared?.labelEn);
      }
    },
  );
});
