import type { Buffers } from "./buffers.ts";
import { CONDITIONS, conditionIndex, drugIndex, LABS, labIndex } from "./concepts.ts";
import { PLANTED_EFFECTS } from "./effects.ts";
import { Rng } from "./random.ts";

/**
 * One synthetic patient of a large Japanese hospital (MID-NET style: EHR disease names, prescriptions and
 * laboratory results), simulated from a generator seeded by (seed, person_id). Days are integers counted
 * from 1970-01-01.
 */

export const VISIT_KIND = { outpatient: 0, inpatient: 1, emergency: 2 } as const;

const YEAR = 365.25;
const GCSF = PLANTED_EFFECTS.gcsfThrombocytopenia;
const NC = PLANTED_EFFECTS.negativeControl;

// ---------------------------------------------------------------------------------------------------------
// Demography. Hospital patients by 5-year age band: Japan's 2020 population (millions) times the relative
// rate of hospital use by age from the patient survey, which is what makes 52% of patients 65 or older.
const POPULATION_2020 = [
  4.54, 5.11, 5.33, 5.66, 6.32, 6.26, 6.74, 7.52, 8.47, 9.68, 8.79, 7.88, 7.4, 8.2, 9.19, 7.0, 5.39, 3.64,
  1.7, 0.48, 0.08,
];
const USE_RATE = [
  7.0, 4.5, 2.9, 2.0, 2.2, 2.6, 3.0, 3.1, 3.3, 3.7, 4.3, 5.0, 6.0, 7.4, 9.3, 11.4, 12.8, 13.2, 12.5, 11.5, 11,
];
const AGE_BAND_WEIGHTS = POPULATION_2020.map((p, i) => p * (USE_RATE[i] ?? 1));
const AGE_BAND_TOTAL = AGE_BAND_WEIGHTS.reduce((a, b) => a + b, 0);
/** share of women among patients of each band (obstetrics in the 20s-30s, longevity at 85+) */
const FEMALE_SHARE = [
  0.48, 0.48, 0.48, 0.5, 0.58, 0.6, 0.6, 0.58, 0.55, 0.53, 0.52, 0.51, 0.5, 0.5, 0.52, 0.55, 0.59, 0.65, 0.72,
  0.78, 0.82,
];

// ---------------------------------------------------------------------------------------------------------
// Chronic conditions: prevalence (%) among hospital patients at ages 0, 20, 40, 60, 80, 100 (linear in
// between), an odds ratio for men, odds ratios from conditions drawn earlier, and whether the shared frailty
// score (cardiometabolic clustering) raises it.
interface ChronicDef {
  cond: number;
  prevalence: readonly number[];
  maleOr: number;
  dependsOn?: readonly (readonly [number, number])[];
  frailty?: boolean;
}

const c = conditionIndex;
const CHRONIC: readonly ChronicDef[] = [
  { cond: c("hypertension"), prevalence: [0, 1, 8, 33, 55, 58], maleOr: 1.2, frailty: true },
  { cond: c("t2dm"), prevalence: [0, 0.3, 4, 15, 20, 18], maleOr: 1.6, frailty: true },
  { cond: c("dyslipidaemia"), prevalence: [0, 0.5, 8, 25, 25, 18], maleOr: 0.9, frailty: true },
  { cond: c("obesity"), prevalence: [1, 2, 4, 4, 2, 1], maleOr: 1.3, dependsOn: [[c("t2dm"), 2.5]] },
  {
    cond: c("ihd"),
    prevalence: [0, 0.05, 0.8, 5, 11, 12],
    maleOr: 2.0,
    frailty: true,
    dependsOn: [
      [c("t2dm"), 1.6],
      [c("dyslipidaemia"), 1.4],
      [c("hypertension"), 1.5],
    ],
  },
  {
    cond: c("ckd"),
    prevalence: [0.1, 0.3, 1.5, 6, 18, 25],
    maleOr: 1.2,
    frailty: true,
    dependsOn: [
      [c("t2dm"), 2.5],
      [c("hypertension"), 1.8],
    ],
  },
  { cond: c("atrialFibrillation"), prevalence: [0, 0.05, 0.4, 3.5, 9, 11], maleOr: 1.6, frailty: true },
  {
    cond: c("heartFailure"),
    prevalence: [0.05, 0.1, 0.4, 2.5, 10, 18],
    maleOr: 1.1,
    frailty: true,
    dependsOn: [
      [c("hypertension"), 1.5],
      [c("ihd"), 3],
      [c("atrialFibrillation"), 2.5],
    ],
  },
  {
    cond: c("stroke"),
    prevalence: [0, 0.05, 0.4, 3, 8, 10],
    maleOr: 1.3,
    frailty: true,
    dependsOn: [
      [c("hypertension"), 1.6],
      [c("atrialFibrillation"), 2],
    ],
  },
  { cond: c("copd"), prevalence: [0, 0, 0.3, 2.5, 6, 6], maleOr: 3.5 },
  { cond: c("asthma"), prevalence: [8, 5, 4, 4, 5, 5], maleOr: 0.9 },
  { cond: c("gerd"), prevalence: [0.5, 3, 6, 10, 12, 12], maleOr: 0.9 },
  { cond: c("gastricUlcer"), prevalence: [0, 1, 2, 3, 4, 4], maleOr: 1.4 },
  { cond: c("dementia"), prevalence: [0, 0, 0.1, 1, 12, 35], maleOr: 0.8 },
  { cond: c("depression"), prevalence: [0.5, 4, 5, 4, 4, 4], maleOr: 0.6 },
  { cond: c("osteoporosis"), prevalence: [0, 0, 0.6, 6, 20, 28], maleOr: 0.15 },
  { cond: c("kneeOsteoarthritis"), prevalence: [0, 0.2, 2, 8, 16, 18], maleOr: 0.6 },
  { cond: c("hypothyroidism"), prevalence: [0.2, 0.8, 2, 3, 4, 4], maleOr: 0.3 },
  { cond: c("hepatitisC"), prevalence: [0, 0.2, 0.8, 2, 3, 3], maleOr: 1.0 },
  {
    cond: c("cirrhosis"),
    prevalence: [0, 0.02, 0.3, 1.0, 1.2, 1.0],
    maleOr: 1.8,
    dependsOn: [[c("hepatitisC"), 12]],
  },
  { cond: c("hyperuricaemia"), prevalence: [0, 1, 4, 6, 6, 5], maleOr: 4.0 },
];

const IS_CHRONIC: boolean[] = CONDITIONS.map((_, i) => CHRONIC.some((def) => def.cond === i));

function interpolate(table: readonly number[], age: number): number {
  const x = Math.min(Math.max(age / 20, 0), table.length - 1);
  const i = Math.min(Math.floor(x), table.length - 2);
  const lo = table[i] ?? 0;
  const hi = table[i + 1] ?? lo;
  return lo + (hi - lo) * (x - i);
}

/** apply an odds ratio to a probability */
function withOdds(p: number, or: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return (p * or) / (1 - p + p * or);
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

// ---------------------------------------------------------------------------------------------------------
// Cancer and chemotherapy. Prevalence (%) of a cancer diagnosis among patients of a university hospital.
const CANCER_PREVALENCE = [0.3, 0.8, 5, 17, 24, 16];
const CANCERS_MALE: readonly (readonly [number, number])[] = [
  [c("lungCancer"), 24],
  [c("stomachCancer"), 20],
  [c("colonCancer"), 18],
  [c("prostateCancer"), 18],
  [c("lymphoma"), 9],
  [c("pancreaticCancer"), 7],
];
const CANCERS_FEMALE: readonly (readonly [number, number])[] = [
  [c("breastCancer"), 32],
  [c("colonCancer"), 16],
  [c("lungCancer"), 13],
  [c("stomachCancer"), 11],
  [c("lymphoma"), 9],
  [c("ovarianCancer"), 8],
  [c("pancreaticCancer"), 6],
];

interface Regimen {
  /** drugs given on day 1 of each cycle (oral ones run for `oralDays`) */
  drugs: readonly number[];
  oral?: readonly number[];
  oralDays?: number;
  interval: number;
  cycles: number;
  /** depth of the platelet nadir (fraction of baseline at its lowest) */
  plateletNadir: number;
}

const d = drugIndex;
const REGIMENS: Record<string, readonly (readonly [Regimen, number])[]> = {
  lungCancer: [
    [{ drugs: [d("carboplatin"), d("paclitaxel")], interval: 21, cycles: 4, plateletNadir: 0.45 }, 4],
    [{ drugs: [d("carboplatin"), d("pemetrexed")], interval: 21, cycles: 4, plateletNadir: 0.5 }, 4],
    [{ drugs: [d("cisplatin"), d("etoposide")], interval: 21, cycles: 4, plateletNadir: 0.55 }, 2],
  ],
  stomachCancer: [
    [
      {
        drugs: [d("oxaliplatin")],
        oral: [d("tegafurGimeracilOteracil")],
        oralDays: 14,
        interval: 21,
        cycles: 6,
        plateletNadir: 0.7,
      },
      6,
    ],
    [
      {
        drugs: [d("cisplatin")],
        oral: [d("tegafurGimeracilOteracil")],
        oralDays: 21,
        interval: 35,
        cycles: 5,
        plateletNadir: 0.7,
      },
      4,
    ],
  ],
  colonCancer: [
    [{ drugs: [d("oxaliplatin"), d("fluorouracil")], interval: 14, cycles: 8, plateletNadir: 0.75 }, 4],
    [
      {
        drugs: [d("oxaliplatin")],
        oral: [d("capecitabine")],
        oralDays: 14,
        interval: 21,
        cycles: 6,
        plateletNadir: 0.75,
      },
      4,
    ],
    [{ drugs: [d("irinotecan"), d("fluorouracil")], interval: 14, cycles: 8, plateletNadir: 0.8 }, 2],
  ],
  breastCancer: [
    [{ drugs: [d("docetaxel"), d("cyclophosphamide")], interval: 21, cycles: 4, plateletNadir: 0.8 }, 5],
    [{ drugs: [d("doxorubicin"), d("cyclophosphamide")], interval: 21, cycles: 4, plateletNadir: 0.75 }, 5],
  ],
  lymphoma: [
    [
      {
        drugs: [d("rituximab"), d("cyclophosphamide"), d("doxorubicin"), d("vincristine")],
        oral: [d("prednisolone")],
        oralDays: 5,
        interval: 21,
        cycles: 6,
        plateletNadir: 0.6,
      },
      1,
    ],
  ],
  ovarianCancer: [
    [{ drugs: [d("carboplatin"), d("paclitaxel")], interval: 21, cycles: 6, plateletNadir: 0.45 }, 1],
  ],
  pancreaticCancer: [
    [{ drugs: [d("gemcitabine"), d("paclitaxel")], interval: 28, cycles: 4, plateletNadir: 0.55 }, 1],
  ],
  prostateCancer: [
    [
      {
        drugs: [d("docetaxel")],
        oral: [d("prednisolone")],
        oralDays: 21,
        interval: 21,
        cycles: 6,
        plateletNadir: 0.85,
      },
      1,
    ],
  ],
};
/** probability of an operation (and its admission) soon after the diagnosis, by cancer */
const SURGERY_PROBABILITY: Record<string, number> = {
  lungCancer: 0.45,
  stomachCancer: 0.65,
  colonCancer: 0.7,
  breastCancer: 0.8,
  lymphoma: 0,
  ovarianCancer: 0.7,
  pancreaticCancer: 0.25,
  prostateCancer: 0.3,
};
/** probability of cytotoxic chemotherapy after the diagnosis, by cancer */
const CHEMO_PROBABILITY: Record<string, number> = {
  lungCancer: 0.6,
  stomachCancer: 0.5,
  colonCancer: 0.5,
  breastCancer: 0.65,
  lymphoma: 0.85,
  ovarianCancer: 0.75,
  pancreaticCancer: 0.6,
  prostateCancer: 0.1,
};

// ---------------------------------------------------------------------------------------------------------
// Laboratory panels (indexes into LABS)
const l = labIndex;
const L = {
  wbc: l("wbc"),
  rbc: l("rbc"),
  hgb: l("hgb"),
  hct: l("hct"),
  mcv: l("mcv"),
  plt: l("plt"),
  neut: l("neut"),
  lymph: l("lymph"),
  tp: l("tp"),
  alb: l("alb"),
  tbil: l("tbil"),
  ast: l("ast"),
  alt: l("alt"),
  ld: l("ld"),
  alp: l("alp"),
  ggt: l("ggt"),
  ck: l("ck"),
  amy: l("amy"),
  bun: l("bun"),
  cre: l("cre"),
  egfr: l("egfr"),
  ua: l("ua"),
  na: l("na"),
  k: l("k"),
  cl: l("cl"),
  ca: l("ca"),
  mg: l("mg"),
  ip: l("ip"),
  glu: l("glu"),
  hba1c: l("hba1c"),
  tc: l("tc"),
  ldl: l("ldl"),
  hdl: l("hdl"),
  tg: l("tg"),
  crp: l("crp"),
  inr: l("inr"),
  aptt: l("aptt"),
  tsh: l("tsh"),
  ft4: l("ft4"),
  bnp: l("bnp"),
  ferritin: l("ferritin"),
} as const;
const CBC = [L.wbc, L.rbc, L.hgb, L.hct, L.mcv, L.plt];
const DIFF = [L.neut, L.lymph];
const CHEM_CORE = [L.ast, L.alt, L.bun, L.cre, L.egfr, L.na, L.k, L.crp];
/** the rest of the usual Japanese biochemistry set, each drawn on a share of lab days */
const CHEM_EXTRA: readonly (readonly [number, number])[] = [
  [L.tp, 0.5],
  [L.alb, 0.6],
  [L.tbil, 0.5],
  [L.ld, 0.4],
  [L.alp, 0.4],
  [L.ggt, 0.5],
  [L.ua, 0.35],
  [L.cl, 0.5],
  [L.glu, 0.4],
  [L.ck, 0.15],
  [L.ca, 0.25],
  [L.amy, 0.08],
];
const LIPIDS = [L.tc, L.ldl, L.hdl, L.tg];
const ROUND = LABS.map((lab) => 10 ** lab.decimals);

// ---------------------------------------------------------------------------------------------------------
// Drug choices for chronic conditions: [probability of being treated, [drug, weight] options]
type Choice = readonly [number, readonly (readonly [number, number])[]];
const ARB: Choice = [
  0.7,
  [
    [d("azilsartan"), 25],
    [d("olmesartan"), 20],
    [d("telmisartan"), 20],
    [d("candesartan"), 25],
    [d("losartan"), 10],
  ],
];
const CCB: Choice = [
  0.6,
  [
    [d("amlodipine"), 80],
    [d("nifedipine"), 20],
  ],
];
const STATIN: Choice = [
  0.8,
  [
    [d("rosuvastatin"), 40],
    [d("atorvastatin"), 35],
    [d("pravastatin"), 25],
  ],
];
const MEDS_BY_CONDITION: Record<string, readonly Choice[]> = {
  hypertension: [ARB, CCB],
  t2dm: [
    [
      0.7,
      [
        [d("sitagliptin"), 50],
        [d("linagliptin"), 50],
      ],
    ],
    [0.45, [[d("metformin"), 1]]],
    [
      0.25,
      [
        [d("empagliflozin"), 50],
        [d("dapagliflozin"), 50],
      ],
    ],
    [0.12, [[d("insulinGlargine"), 1]]],
  ],
  dyslipidaemia: [STATIN, [0.15, [[d("ezetimibe"), 1]]]],
  heartFailure: [
    [0.7, [[d("furosemide"), 1]]],
    [0.4, [[d("spironolactone"), 1]]],
    [
      0.6,
      [
        [d("carvedilol"), 50],
        [d("bisoprolol"), 50],
      ],
    ],
  ],
  atrialFibrillation: [
    [
      0.75,
      [
        [d("edoxaban"), 30],
        [d("apixaban"), 30],
        [d("rivaroxaban"), 20],
        [d("warfarin"), 15],
        [d("dabigatran"), 5],
      ],
    ],
    [0.4, [[d("bisoprolol"), 1]]],
  ],
  ihd: [[0.85, [[d("aspirin"), 1]]], [0.35, [[d("clopidogrel"), 1]]], STATIN],
  stroke: [
    [
      0.85,
      [
        [d("clopidogrel"), 55],
        [d("aspirin"), 45],
      ],
    ],
  ],
  copd: [[0.7, [[d("tiotropium"), 1]]]],
  asthma: [
    [
      0.8,
      [
        [d("fluticasone"), 50],
        [d("budesonide"), 50],
      ],
    ],
    [0.4, [[d("montelukast"), 1]]],
    [0.3, [[d("albuterol"), 1]]],
  ],
  dementia: [
    [0.6, [[d("donepezil"), 1]]],
    [0.3, [[d("memantine"), 1]]],
  ],
  depression: [
    [
      0.8,
      [
        [d("escitalopram"), 40],
        [d("sertraline"), 35],
        [d("mirtazapine"), 25],
      ],
    ],
    [0.3, [[d("zolpidem"), 1]]],
  ],
  kneeOsteoarthritis: [
    [
      0.6,
      [
        [d("celecoxib"), 50],
        [d("diclofenac"), 20],
        [d("acetaminophen"), 30],
      ],
    ],
  ],
  hypothyroidism: [[0.85, [[d("levothyroxine"), 1]]]],
  hyperuricaemia: [
    [
      0.7,
      [
        [d("febuxostat"), 55],
        [d("allopurinol"), 45],
      ],
    ],
  ],
};
const MEDS_BY_CONDITION_INDEX: (readonly Choice[] | undefined)[] = CONDITIONS.map(
  (cd) => MEDS_BY_CONDITION[cd.key],
);
const ANTITHROMBOTICS = new Set(
  ["aspirin", "clopidogrel", "warfarin", "edoxaban", "apixaban", "rivaroxaban", "dabigatran"].map(d),
);
const NSAIDS = new Set(["celecoxib", "diclofenac"].map(d));
const PPIS: readonly (readonly [number, number])[] = [
  [d("lansoprazole"), 30],
  [d("esomeprazole"), 30],
  [d("rabeprazole"), 25],
  [d("omeprazole"), 15],
];
const H2RAS: readonly (readonly [number, number])[] = [
  [d("famotidine"), 80],
  [d("nizatidine"), 10],
  [d("cimetidine"), 10],
];

const NO_DAY = Number.POSITIVE_INFINITY;

export interface SimulationTruth {
  persons: number;
  cancerPatients: number;
  chemotherapyPatients: number;
  gcsf: {
    pegfilgrastimNewUsers: number;
    filgrastimNewUsers: number;
    lenograstimNewUsers: number;
    pegfilgrastimEvents: number;
    filgrastimEvents: number;
  };
  negativeControl: { ppiNewUsers: number; h2raNewUsers: number; outcomes: number };
  deaths: number;
}

export function emptyTruth(): SimulationTruth {
  return {
    persons: 0,
    cancerPatients: 0,
    chemotherapyPatients: 0,
    gcsf: {
      pegfilgrastimNewUsers: 0,
      filgrastimNewUsers: 0,
      lenograstimNewUsers: 0,
      pegfilgrastimEvents: 0,
      filgrastimEvents: 0,
    },
    negativeControl: { ppiNewUsers: 0, h2raNewUsers: 0, outcomes: 0 },
    deaths: 0,
  };
}

export interface SimulatorOptions {
  seed: number;
  startDay: number;
  endDay: number;
  gcsfHazardRatio: number;
}

/** ids continue across chunks; persons are simulated in person_id order, so ids never depend on chunking */
export interface IdCounters {
  visit: number;
  condition: number;
  drug: number;
  measurement: number;
}

interface Med {
  drug: number;
  start: number;
  /** last day of a fixed course, or NO_DAY for a chronic prescription renewed at every visit */
  stop: number;
}

export class Simulator {
  readonly truth = emptyTruth();
  readonly ids: IdCounters = { visit: 0, condition: 0, drug: 0, measurement: 0 };

  // per-person state, reset by simulate()
  private r = new Rng(0, 0);
  private person = 0;
  private female = false;
  private birthDay = 0;
  private obsStart = 0;
  private obsEnd = 0;
  private readonly diag = new Float64Array(CONDITIONS.length);
  private readonly z = new Float64Array(LABS.length);
  private readonly opVisits = new Map<number, number>();
  /** inpatient stays: start, end, visit id, offset of the visit row in the buffer (flat) */
  private stays: number[] = [];
  private meds: Med[] = [];
  private followUp: number[] = [];
  private cycleDays: number[] = [];
  private plateletNadir = 1;
  private gcsfStarts: number[] = [];
  private guardStart = NO_DAY;
  private guardEnd = -1;
  private eventDay = NO_DAY;
  private eventValue = 0;
  private infectionUntil = -1;
  private infectionFrom = NO_DAY;
  private cancer = -1;
  /** G-CSF plan: product (drug index or -1), first cycle, and per cycle the start day (NaN = none) and days */
  private gcsfProduct = -1;
  private gcsfFirstCycle = -1;
  private gcsfStartOf: number[] = [];
  private gcsfDaysOf: number[] = [];
  private eventDiagnosis = false;
  /** [day, kind]: 0 GERD/ulcer/bleeding, 1 antithrombotic or NSAID, 2 gastritis, 3 chemotherapy */
  private indications: [number, number][] = [];
  private hgbDropUntil = -1;

  constructor(
    private readonly options: SimulatorOptions,
    private readonly out: Buffers,
  ) {}

  simulate(personId: number): void {
    const r = new Rng(this.options.seed, personId);
    this.r = r;
    this.person = personId;
    this.truth.persons++;
    this.diag.fill(NO_DAY);
    for (let i = 0; i < this.z.length; i++) this.z[i] = r.normal();
    this.opVisits.clear();
    this.stays = [];
    this.meds = [];
    this.followUp = [];
    this.cycleDays = [];
    this.gcsfStarts = [];
    this.plateletNadir = 1;
    this.guardStart = NO_DAY;
    this.guardEnd = -1;
    this.eventDay = NO_DAY;
    this.infectionUntil = -1;
    this.infectionFrom = NO_DAY;
    this.cancer = -1;
    this.gcsfProduct = -1;
    this.gcsfFirstCycle = -1;
    this.gcsfStartOf = [];
    this.gcsfDaysOf = [];
    this.eventDiagnosis = false;
    this.indications = [];
    this.hgbDropUntil = -1;

    const { startDay, endDay } = this.options;

    // --- who, and when they first come to the hospital
    const band = r.pick(AGE_BAND_WEIGHTS, AGE_BAND_TOTAL);
    const age0 = Math.min(104.9, band * 5 + r.next() * 5);
    this.female = r.chance(FEMALE_SHARE[band] ?? 0.5);
    this.obsStart = r.int(startDay, endDay - 1);
    this.birthDay = this.obsStart - Math.floor(age0 * YEAR);

    // --- chronic conditions (present at the first visit or diagnosed during follow-up)
    const frailty = r.normal();
    let chronicCount = 0;
    for (const def of CHRONIC) {
      let p = interpolate(def.prevalence, age0) / 100;
      if (!this.female) p = withOdds(p, def.maleOr);
      if (def.frailty) p = withOdds(p, Math.exp(0.5 * frailty));
      for (const [dep, or] of def.dependsOn ?? []) if (this.diag[dep] !== NO_DAY) p = withOdds(p, or);
      if (r.chance(p)) {
        this.diag[def.cond] = this.obsStart; // refined below once the observation span is known
        chronicCount++;
      }
    }
    let cancerKey = "";
    if (r.chance(interpolate(CANCER_PREVALENCE, age0) / 100)) {
      const table = this.female ? CANCERS_FEMALE : CANCERS_MALE;
      const pick = table[r.pick(table.map(([, w]) => w))] ?? table[0];
      this.cancer = pick ? pick[0] : -1;
      cancerKey = CONDITIONS[this.cancer]?.key ?? "";
      this.truth.cancerPatients++;
    }

    // --- hospital contact span: one-off visits, an episode of care, or long-term follow-up
    const longTerm = this.cancer >= 0 || (chronicCount > 0 && r.chance(0.85));
    let span: number;
    if (longTerm) span = Math.max(120, r.logNormal(3 * YEAR, 0.8));
    else if (r.chance(0.5)) span = r.int(0, 20);
    else span = r.int(30, 365);
    this.obsEnd = Math.min(endDay, this.obsStart + Math.floor(span));

    // a fifth of the chronic conditions of long-term patients are diagnosed during follow-up
    if (longTerm) {
      for (const def of CHRONIC) {
        if (this.diag[def.cond] !== NO_DAY && r.chance(0.2)) {
          this.diag[def.cond] = r.int(this.obsStart, this.obsEnd);
        }
      }
    }

    // --- cancer diagnosis and the chemotherapy plan (planned before death so the course stays observable)
    let regimen: Regimen | undefined;
    let cancerDiag = NO_DAY;
    let surgeryDay = NO_DAY;
    let surgeryLos = 0;
    if (this.cancer >= 0) {
      cancerDiag = r.chance(0.6)
        ? this.obsStart
        : r.int(this.obsStart, Math.max(this.obsStart, this.obsEnd - 60));
      this.diag[this.cancer] = cancerDiag;
      if (r.chance(SURGERY_PROBABILITY[cancerKey] ?? 0)) {
        surgeryDay = cancerDiag + r.int(7, 30);
        surgeryLos = r.int(7, 20);
      }
      const pChemo = (CHEMO_PROBABILITY[cancerKey] ?? 0) * (age0 >= 80 ? 0.5 : 1) * (age0 >= 90 ? 0 : 1);
      const options = REGIMENS[cancerKey];
      if (options && r.chance(pChemo)) {
        const chosen = options[r.pick(options.map(([, w]) => w))];
        regimen = chosen?.[0];
      }
      if (regimen) {
        // adjuvant chemotherapy starts once the patient has recovered from the operation
        const first =
          surgeryDay !== NO_DAY ? surgeryDay + surgeryLos + r.int(21, 42) : cancerDiag + r.int(14, 60);
        let cycles = regimen.cycles - (r.chance(0.25) ? r.int(1, 2) : 0);
        cycles = Math.min(cycles, Math.floor((endDay - 30 - first) / regimen.interval) + 1);
        for (let k = 0; k < cycles; k++) this.cycleDays.push(first + k * regimen.interval);
        if (this.cycleDays.length === 0) regimen = undefined;
        else {
          this.truth.chemotherapyPatients++;
          this.plateletNadir = regimen.plateletNadir;
          const last = this.cycleDays[this.cycleDays.length - 1] ?? first;
          this.obsEnd = Math.min(endDay, Math.max(this.obsEnd, last + 30 + r.int(0, 365)));
        }
      }
    }

    // --- death in hospital (annual hazard by age, raised by cancer, heart failure and dementia)
    let deathRate = age0 < 40 ? 0.001 : age0 < 65 ? 0.004 : age0 < 75 ? 0.012 : age0 < 85 ? 0.035 : 0.09;
    if (this.cancer >= 0) deathRate *= cancerKey === "lungCancer" || cancerKey === "pancreaticCancer" ? 8 : 4;
    if (this.diag[c("heartFailure")] !== NO_DAY) deathRate *= 2.5;
    if (this.diag[c("dementia")] !== NO_DAY) deathRate *= 1.8;
    let deathDay = this.obsStart + Math.floor(r.exponential(deathRate / YEAR));
    if (this.cycleDays.length > 0) {
      const last = this.cycleDays[this.cycleDays.length - 1] ?? 0;
      deathDay = Math.max(deathDay, last + 30 + r.int(0, 60));
    }
    const dies = deathDay <= this.obsEnd;
    if (dies) {
      this.obsEnd = deathDay;
      this.truth.deaths++;
    }
    for (let i = 0; i < this.diag.length; i++)
      if ((this.diag[i] as number) > this.obsEnd) this.diag[i] = NO_DAY;
    // G-CSF and the planted outcome are decided before any laboratory value is drawn, so that every platelet
    // count of the person, whichever episode produces it, respects the outcome window
    if (regimen) this.planGcsf();

    // --- person, observation period, death rows
    const out = this.out;
    let o = out.person.add();
    out.person.data[o] = personId;
    out.person.data[o + 1] = this.female ? 1 : 0;
    out.person.data[o + 2] = this.birthDay;
    o = out.observation_period.add();
    out.observation_period.data[o] = personId;
    out.observation_period.data[o + 1] = this.obsStart;
    out.observation_period.data[o + 2] = this.obsEnd;
    if (dies) {
      o = out.death.add();
      out.death.data[o] = personId;
      out.death.data[o + 1] = deathDay;
    }

    // --- follow-up outpatient schedule
    this.followUp.push(this.obsStart);
    if (longTerm) {
      let day = this.obsStart;
      for (;;) {
        day += r.int(28, 120);
        if (day > this.obsEnd) break;
        this.followUp.push(day);
      }
    } else if (this.obsEnd > this.obsStart) {
      const n = r.int(0, 3);
      for (let k = 0; k < n; k++) this.followUp.push(r.int(this.obsStart + 1, this.obsEnd));
      this.followUp.sort((a, b) => a - b);
    }

    // an acute stroke during follow-up is diagnosed on admission, so the stay must exist before the diagnosis
    const stroke = this.diag[c("stroke")] as number;
    if (stroke !== NO_DAY && stroke > this.obsStart) this.strokeAdmission(stroke);

    // --- diagnoses and their long-term treatment
    for (let i = 0; i < this.diag.length; i++) {
      const day = this.diag[i] as number;
      if (day === NO_DAY) continue;
      const visit = this.visitOn(day);
      this.condition(i, day, visit);
      const choices = MEDS_BY_CONDITION_INDEX[i];
      if (choices && longTerm) {
        for (const [p, opts] of choices) {
          if (!r.chance(p)) continue;
          const drug =
            opts.length === 1 ? (opts[0]?.[0] ?? 0) : (opts[r.pick(opts.map(([, w]) => w))]?.[0] ?? 0);
          if (this.meds.some((m) => m.drug === drug)) continue;
          this.startMed(drug, day, NO_DAY, visit);
        }
      }
    }

    // --- acute episodes
    const years = Math.max(1, this.obsEnd - this.obsStart) / YEAR;
    const ageBandRisk = age0 >= 75 ? 2.5 : age0 >= 65 ? 1.5 : 1;
    if (!longTerm && chronicCount === 0) this.firstContactEpisode(age0);
    const copd = this.diag[c("copd")] !== NO_DAY;
    for (let k = r.poisson(years * 0.012 * ageBandRisk * ageBandRisk * (copd ? 2.5 : 1)); k > 0; k--) {
      this.pneumonia(r.int(this.obsStart, this.obsEnd), age0);
    }
    for (let k = r.poisson(years * (this.female ? 0.03 : 0.01) * ageBandRisk); k > 0; k--) {
      this.uti(r.int(this.obsStart, this.obsEnd), age0);
    }
    for (let k = r.poisson(years * 0.06); k > 0; k--) this.urti(r.int(this.obsStart, this.obsEnd));
    for (let k = r.poisson(years * 0.02); k > 0; k--) this.gastritis(r.int(this.obsStart, this.obsEnd));
    const antithrombotic = this.meds.some((m) => ANTITHROMBOTICS.has(m.drug));
    for (let k = r.poisson(years * 0.003 * (antithrombotic ? 3 : 1)); k > 0; k--) {
      this.giBleeding(r.int(this.obsStart, this.obsEnd));
    }

    // --- admissions of the chronic conditions: heart-failure exacerbations, coronary interventions, and
    // cancer surgery soon after the diagnosis
    const hf = this.diag[c("heartFailure")] as number;
    if (hf !== NO_DAY) {
      for (let k = r.poisson(years * 0.15); k > 0; k--) this.heartFailureAdmission(r.int(hf, this.obsEnd));
    }
    const ihd = this.diag[c("ihd")] as number;
    if (ihd !== NO_DAY) {
      for (let k = r.poisson(years * 0.06); k > 0; k--) this.coronaryIntervention(r.int(ihd, this.obsEnd));
    }
    if (surgeryDay <= this.obsEnd) this.cancerSurgery(surgeryDay, surgeryLos);

    // --- acid suppression: the first indication starts it (negative-control exposure)
    this.acidSuppression();

    // --- chemotherapy courses, G-CSF and the planted thrombocytopenia outcome
    if (regimen) this.chemotherapy(regimen);

    // --- ingrowing nail for everyone (negative-control outcome)
    this.ingrowingNail();

    // --- routine outpatient follow-up: prescriptions renewed and laboratory tests
    for (let k = 0; k < this.followUp.length; k++) {
      const day = this.followUp[k] as number;
      const next = this.followUp[k + 1] ?? Math.min(this.obsEnd + 1, day + r.int(28, 84));
      const visit = this.visitOn(day);
      for (const med of this.meds) {
        if (med.start >= day || med.stop < day) continue;
        const end = Math.min(next - 1, day + 89, med.stop, this.obsEnd);
        this.drugRow(med.drug, day, Math.max(day, end), visit);
      }
      if (r.chance(k === 0 ? (longTerm ? 0.8 : 0.4) : 0.3)) this.routineLabs(day, visit);
    }
  }

  // -------------------------------------------------------------------------------------------------------
  // Episodes

  private firstContactEpisode(age: number): void {
    const r = this.r;
    const day = this.obsStart;
    const x = r.next();
    if (x < 0.35) this.urti(day);
    else if (x < 0.5) this.uti(day, age);
    else if (x < 0.62) this.gastritis(day);
    else if (x < 0.66) this.pneumonia(day, age);
    else this.routineLabs(day, this.visitOn(day)); // referral work-up / check-up
  }

  private pneumonia(day: number, age: number): void {
    const r = this.r;
    this.infection(day, day + 10);
    if (age >= 65 ? r.chance(0.7) : r.chance(0.25)) {
      const los = r.int(6, 21);
      const stay = this.admit(day, los);
      this.condition(c("pneumonia"), day, stay);
      this.drugRow(d("ceftriaxone"), day, Math.min(day + r.int(5, 10), this.obsEnd), stay);
      for (let t = day; t <= Math.min(day + los, this.obsEnd); t += r.int(2, 4)) {
        this.panel(t, stay, t === day);
      }
    } else {
      const visit = this.visitOn(day);
      this.condition(c("pneumonia"), day, visit);
      const drug = r.chance(0.6) ? d("levofloxacin") : d("amoxicillin");
      this.drugRow(drug, day, Math.min(day + r.int(4, 7), this.obsEnd), visit);
      this.panel(day, visit, false);
    }
  }

  private uti(day: number, age: number): void {
    const r = this.r;
    this.infection(day, day + 5);
    if (age >= 75 && r.chance(0.2)) {
      const los = r.int(4, 14);
      const stay = this.admit(day, los);
      this.condition(c("uti"), day, stay);
      this.drugRow(d("ceftriaxone"), day, Math.min(day + r.int(4, 8), this.obsEnd), stay);
      this.panel(day, stay, true);
      if (day + 3 <= this.obsEnd) this.panel(day + 3, stay, false);
    } else {
      const visit = this.visitOn(day, r.chance(0.15) ? VISIT_KIND.emergency : VISIT_KIND.outpatient);
      this.condition(c("uti"), day, visit);
      this.drugRow(d("levofloxacin"), day, Math.min(day + r.int(2, 6), this.obsEnd), visit);
      if (r.chance(0.5)) this.panel(day, visit, false);
    }
  }

  private urti(day: number): void {
    const r = this.r;
    const visit = this.visitOn(day, r.chance(0.15) ? VISIT_KIND.emergency : VISIT_KIND.outpatient);
    this.condition(c("urti"), day, visit);
    this.drugRow(d("acetaminophen"), day, Math.min(day + 4, this.obsEnd), visit);
    if (r.chance(0.3)) this.drugRow(d("clarithromycin"), day, Math.min(day + 6, this.obsEnd), visit);
  }

  private gastritis(day: number): void {
    const visit = this.visitOn(day);
    this.condition(c("gastritis"), day, visit);
    this.indications.push([day, 2]);
  }

  private giBleeding(day: number): void {
    const r = this.r;
    const los = r.int(5, 14);
    const stay = this.admit(day, los);
    this.condition(c("giBleeding"), day, stay);
    this.hgbDropUntil = day + 30;
    this.panel(day, stay, true);
    for (let t = day + 2; t <= Math.min(day + los, this.obsEnd); t += r.int(2, 4)) this.panel(t, stay, false);
    this.indications.push([day, 0]);
  }

  private acidSuppression(): void {
    const r = this.r;
    const found = this.indications;
    const gerd = this.diag[c("gerd")] as number;
    const ulcer = this.diag[c("gastricUlcer")] as number;
    if (gerd !== NO_DAY && r.chance(0.9)) found.push([gerd, 0]);
    if (ulcer !== NO_DAY && r.chance(0.95)) found.push([ulcer, 0]);
    for (const med of this.meds) {
      if ((ANTITHROMBOTICS.has(med.drug) && r.chance(0.4)) || (NSAIDS.has(med.drug) && r.chance(0.35))) {
        found.push([med.start, 1]);
      }
    }
    if (this.cycleDays.length > 0 && r.chance(0.2)) found.push([this.cycleDays[0] as number, 3]);
    if (found.length === 0) {
      this.indications = [];
      return;
    }
    let first = found[0] as [number, number];
    for (const f of found) if (f[0] < first[0]) first = f;
    this.indications = [];
    const [day, kind] = first;
    if (day > this.obsEnd) return;
    const p = NC.propensityLogit;
    const diabetic = (this.diag[c("t2dm")] as number) <= day;
    const ageAt = (day - this.birthDay) / YEAR;
    const logit =
      p.intercept +
      (ageAt >= 65 ? p.age65plus : 0) +
      (diabetic ? p.diabetes : 0) +
      (kind === 0 ? p.gerdOrUlcer : 0) +
      (kind === 1 ? p.antithrombotic : 0) +
      (kind === 2 ? p.gastritis : 0);
    const ppi = r.chance(logistic(logit));
    const table = ppi ? PPIS : H2RAS;
    const drug = table[r.pick(table.map(([, w]) => w))]?.[0] ?? 0;
    if (ppi) this.truth.negativeControl.ppiNewUsers++;
    else this.truth.negativeControl.h2raNewUsers++;
    const visit = this.visitOn(day);
    // chronic indications keep the prescription going at follow-up visits; the others are a course
    const stop = kind <= 1 ? NO_DAY : day + r.int(14, 56) - 1;
    this.startMed(drug, day, stop, visit);
  }

  private ingrowingNail(): void {
    const r = this.r;
    const h = NC.hazardMultipliers;
    const day65 = this.birthDay + Math.ceil(65 * YEAR);
    const dm = this.diag[c("t2dm")] as number;
    const ob = this.diag[c("obesity")] as number;
    const breaks = [day65, dm, ob].filter((x) => x > this.obsStart && x < this.obsEnd).sort((a, b) => a - b);
    let t = this.obsStart;
    let event = NO_DAY;
    for (let k = 0; k <= breaks.length; k++) {
      const segEnd = k < breaks.length ? (breaks[k] as number) : this.obsEnd + 1;
      if (segEnd <= t) continue;
      const rate =
        (NC.baselineHazardPerYear / YEAR) *
        (t >= day65 ? h.age65plus : 1) *
        (dm <= t ? h.diabetes : 1) *
        (ob <= t ? h.obesity : 1);
      const x = t + r.exponential(rate);
      if (x < segEnd) {
        event = Math.floor(x);
        break;
      }
      t = segEnd;
    }
    if (event <= this.obsEnd) {
      this.truth.negativeControl.outcomes++;
      this.condition(c("ingrowingNail"), event, this.visitOn(event));
    }
  }

  private planGcsf(): void {
    const r = this.r;
    const cycles = this.cycleDays;
    if (!r.chance(GCSF.gcsfUseProbability)) return;
    let first = r.chance(GCSF.primaryProphylaxisShare) ? 0 : r.int(1, 2);
    if (first >= cycles.length) first = cycles.length - 1;
    const day = cycles[first] as number;
    const ageAt = (day - this.birthDay) / YEAR;
    const ckd = this.has(c("ckd"), day);
    const liver = this.has(c("hepatitisC"), day) || this.has(c("cirrhosis"), day);
    let product: number;
    if (r.chance(GCSF.lenograstimShare)) product = d("lenograstim");
    else {
      const p = GCSF.propensityLogit;
      const logit =
        p.intercept +
        (ageAt >= 65 ? p.age65plus : 0) +
        (ageAt >= 75 ? p.age75plus : 0) +
        (this.female ? p.female : 0) +
        (ckd ? p.ckd : 0) +
        (liver ? p.chronicLiverDisease : 0);
      product = r.chance(logistic(logit)) ? d("pegfilgrastim") : d("filgrastim");
    }
    this.gcsfProduct = product;
    this.gcsfFirstCycle = first;
    const isPeg = product === d("pegfilgrastim");
    for (let k = 0; k < cycles.length; k++) {
      const given = k === first || (k > first && r.chance(0.85));
      const start = (cycles[k] as number) + (isPeg ? r.int(1, 2) : r.int(2, 5));
      this.gcsfStartOf.push(given ? start : Number.NaN);
      this.gcsfDaysOf.push(isPeg ? 1 : r.int(3, 7));
      if (given) this.gcsfStarts.push(start);
    }
    this.planThrombocytopenia(this.gcsfStartOf[first] as number, product);
  }

  /**
   * The planted outcome for a G-CSF new user: constant hazard over days 2-7 after the first G-CSF start
   * (see PLANTED_EFFECTS.gcsfThrombocytopenia). Confounders are read as recorded on the index date.
   */
  private planThrombocytopenia(start: number, product: number): void {
    const r = this.r;
    const ageAt = (start - this.birthDay) / YEAR;
    const isPeg = product === d("pegfilgrastim");
    if (product === d("lenograstim")) this.truth.gcsf.lenograstimNewUsers++;
    else if (isPeg) this.truth.gcsf.pegfilgrastimNewUsers++;
    else this.truth.gcsf.filgrastimNewUsers++;
    const m = GCSF.hazardMultipliers;
    const ckd = this.has(c("ckd"), start);
    const liver = this.has(c("hepatitisC"), start) || this.has(c("cirrhosis"), start);
    const hazard =
      GCSF.baselineHazardPerDay *
      (ageAt >= 75 ? m.age75plus : ageAt >= 65 ? m.age65to74 : 1) *
      (this.female ? 1 : m.male) *
      (ckd ? m.ckd : 1) *
      (liver ? m.chronicLiverDisease : 1) *
      (isPeg ? this.options.gcsfHazardRatio : 1);
    const t = r.exponential(hazard);
    this.guardStart = start + GCSF.windowStartDay;
    this.guardEnd = start + GCSF.windowEndDay;
    if (t < GCSF.windowEndDay - GCSF.windowStartDay + 1) {
      this.eventDay = this.guardStart + Math.floor(t);
      this.eventValue = r.int(10, 49);
      this.eventDiagnosis = r.chance(GCSF.diagnosisProbability);
      if (product === d("lenograstim")) return;
      if (isPeg) this.truth.gcsf.pegfilgrastimEvents++;
      else this.truth.gcsf.filgrastimEvents++;
    }
  }

  private chemotherapy(regimen: Regimen): void {
    const r = this.r;
    const cycles = this.cycleDays;
    const product = this.gcsfProduct;
    for (let k = 0; k < cycles.length; k++) {
      const day = cycles[k] as number;
      let visit: number;
      let stayEnd = -1;
      if (k === 0 && r.chance(0.7)) {
        const los = r.int(5, 13);
        visit = this.admit(day - 1, los);
        stayEnd = Math.min(day - 1 + los, this.obsEnd);
      } else visit = this.visitOn(day);
      for (const drug of regimen.drugs) this.drugRow(drug, day, day, visit);
      for (const drug of regimen.oral ?? []) {
        this.drugRow(drug, day, Math.min(day + (regimen.oralDays ?? 14) - 1, this.obsEnd), visit);
      }
      this.drugRow(d("dexamethasone"), day, day, visit);
      this.drugRow(r.chance(0.5) ? d("palonosetron") : d("granisetron"), day, day, visit);
      this.panel(day, visit, true);

      const start = this.gcsfStartOf[k] ?? Number.NaN;
      if (product >= 0 && !Number.isNaN(start)) {
        const days = this.gcsfDaysOf[k] ?? 1;
        this.drugRow(product, start, Math.min(start + days - 1, this.obsEnd), this.visitOn(start), days);
        if (k === this.gcsfFirstCycle) this.outcomeRecords(stayEnd);
      }

      // nadir blood count; deep neutropenia may bring febrile neutropenia
      if (r.chance(0.6)) {
        const nadirDay = day + r.int(7, 13);
        if (nadirDay <= this.obsEnd) {
          const nv = this.visitOn(nadirDay);
          this.labs(nadirDay, nv, CBC);
          this.labs(nadirDay, nv, DIFF);
          this.lab(L.crp, nadirDay, nv);
          if (r.chance(product >= 0 ? 0.04 : 0.12)) this.febrileNeutropenia(nadirDay);
        }
      }
    }
  }

  /** records of the planted outcome and blood counts on window days (every other day during an admission) */
  private outcomeRecords(stayEnd: number): void {
    const r = this.r;
    if (this.eventDay !== NO_DAY) {
      const visit = this.visitOn(this.eventDay);
      this.labs(this.eventDay, visit, CBC);
      if (this.eventDiagnosis) this.condition(c("thrombocytopenia"), this.eventDay, visit);
    }
    for (let day = this.guardStart; day <= this.guardEnd && day <= this.obsEnd; day++) {
      if (day === this.eventDay) continue;
      if (day <= stayEnd ? r.chance(0.5) : r.chance(0.12)) this.labs(day, this.visitOn(day), CBC);
    }
  }

  private heartFailureAdmission(day: number): void {
    const r = this.r;
    const los = r.int(10, 25);
    const stay = this.admit(day, los);
    this.condition(c("heartFailure"), day, stay);
    this.drugRow(d("furosemide"), day, Math.min(day + los, this.obsEnd), stay);
    this.panel(day, stay, true);
    this.lab(L.bnp, day, stay);
    for (let t = day + 3; t <= Math.min(day + los, this.obsEnd); t += r.int(3, 5)) this.panel(t, stay, false);
  }

  private coronaryIntervention(day: number): void {
    const stay = this.admit(day, this.r.int(2, 4));
    this.condition(c("ihd"), day, stay);
    this.drugRow(d("aspirin"), day, day, stay);
    this.drugRow(d("clopidogrel"), day, day, stay);
    this.panel(day, stay, true);
  }

  private strokeAdmission(day: number): void {
    const r = this.r;
    const los = r.int(14, 40);
    const stay = this.admit(day, los);
    this.panel(day, stay, true);
    for (let t = day + 3; t <= Math.min(day + los, this.obsEnd); t += r.int(4, 7)) this.panel(t, stay, false);
  }

  private cancerSurgery(day: number, los: number): void {
    const r = this.r;
    const stay = this.admit(day, los);
    this.drugRow(d("cefazolin"), day + 1, Math.min(day + r.int(1, 3), this.obsEnd), stay);
    this.panel(day, stay, true);
    for (let t = day + 2; t <= Math.min(day + los, this.obsEnd); t += r.int(2, 4)) this.panel(t, stay, false);
  }

  private febrileNeutropenia(day: number): void {
    const r = this.r;
    const los = r.int(5, 12);
    const stay = this.admit(day, los);
    this.infection(day, day + 6);
    this.condition(c("agranulocytosis"), day, stay);
    this.drugRow(d("meropenem"), day, Math.min(day + r.int(4, 8), this.obsEnd), stay);
    this.panel(day, stay, true);
  }

  // -------------------------------------------------------------------------------------------------------
  // Records

  private admit(day: number, los: number): number {
    const start = Math.max(this.obsStart, Math.min(day, this.obsEnd));
    const end = Math.min(start + los, this.obsEnd);
    // a second reason for admission during a stay extends that stay instead of overlapping it
    const s = this.stays;
    const visits = this.out.visit_occurrence;
    for (let i = 0; i < s.length; i += 4) {
      if (start <= (s[i + 1] as number) && end >= (s[i] as number)) {
        const merged = [Math.min(start, s[i] as number), Math.max(end, s[i + 1] as number)] as const;
        s[i] = merged[0];
        s[i + 1] = merged[1];
        visits.data[(s[i + 3] as number) + 3] = merged[0];
        visits.data[(s[i + 3] as number) + 4] = merged[1];
        return s[i + 2] as number;
      }
    }
    const id = this.visitRow(VISIT_KIND.inpatient, start, end);
    s.push(start, end, id, (visits.rows - 1) * visits.width);
    // comorbidities are coded again on admission (DPC secondary diagnoses), half of them each time
    for (let i = 0; i < this.diag.length; i++) {
      const dd = this.diag[i] as number;
      if (dd < start && IS_CHRONIC[i] && this.r.chance(0.5)) {
        this.condition(i, start, id);
      }
    }
    if (this.cancer >= 0 && (this.diag[this.cancer] as number) <= start)
      this.condition(this.cancer, start, id);
    return id;
  }

  /** the admission covering `day`, else the (single) outpatient or emergency visit of that day */
  private visitOn(day: number, kind: number = VISIT_KIND.outpatient): number {
    const s = this.stays;
    for (let i = 0; i < s.length; i += 4) {
      if ((s[i] as number) <= day && day <= (s[i + 1] as number)) return s[i + 2] as number;
    }
    const known = this.opVisits.get(day);
    if (known !== undefined) return known;
    const id = this.visitRow(kind, day, day);
    this.opVisits.set(day, id);
    return id;
  }

  private visitRow(kind: number, start: number, end: number): number {
    const id = ++this.ids.visit;
    const b = this.out.visit_occurrence;
    const o = b.add();
    b.data[o] = id;
    b.data[o + 1] = this.person;
    b.data[o + 2] = kind;
    b.data[o + 3] = start;
    b.data[o + 4] = end;
    return id;
  }

  private condition(cond: number, day: number, visit: number): void {
    const b = this.out.condition_occurrence;
    const o = b.add();
    b.data[o] = ++this.ids.condition;
    b.data[o + 1] = this.person;
    b.data[o + 2] = cond;
    b.data[o + 3] = day;
    b.data[o + 4] = visit;
  }

  private startMed(drug: number, day: number, stop: number, visit: number): void {
    this.meds.push({ drug, start: day, stop });
    const next = this.followUp.find((f) => f > day) ?? day + 28;
    this.drugRow(drug, day, Math.max(day, Math.min(next - 1, day + 89, stop, this.obsEnd)), visit);
  }

  private drugRow(drug: number, start: number, stop: number, visit: number, quantity?: number): void {
    if (start > this.obsEnd) return;
    const end = Math.max(start, Math.min(stop, this.obsEnd));
    const b = this.out.drug_exposure;
    const o = b.add();
    b.data[o] = ++this.ids.drug;
    b.data[o + 1] = this.person;
    b.data[o + 2] = drug;
    b.data[o + 3] = start;
    b.data[o + 4] = end;
    b.data[o + 5] = quantity ?? end - start + 1;
    b.data[o + 6] = visit;
  }

  private infection(from: number, until: number): void {
    this.infectionFrom = from;
    this.infectionUntil = until;
  }

  /** full work-up (admission, chemotherapy day) or the smaller panel of a sick visit */
  private panel(day: number, visit: number, full: boolean): void {
    if (day > this.obsEnd) return;
    this.labs(day, visit, CBC);
    this.labs(day, visit, DIFF);
    this.labs(day, visit, CHEM_CORE);
    if (full) {
      for (const [lab] of CHEM_EXTRA) this.lab(lab, day, visit);
      if (this.r.chance(0.5)) {
        this.lab(L.inr, day, visit);
        this.lab(L.aptt, day, visit);
      }
      if (this.r.chance(0.3)) {
        this.lab(L.mg, day, visit);
        this.lab(L.ip, day, visit);
      }
    }
  }

  private routineLabs(day: number, visit: number): void {
    const r = this.r;
    this.labs(day, visit, CBC);
    if (r.chance(0.5)) this.labs(day, visit, DIFF);
    this.labs(day, visit, CHEM_CORE);
    for (const [lab, p] of CHEM_EXTRA) if (r.chance(p * 0.6)) this.lab(lab, day, visit);
    const dm = (this.diag[c("t2dm")] as number) <= day;
    if (dm) {
      this.lab(L.hba1c, day, visit);
      this.lab(L.glu, day, visit);
    }
    const lipid =
      dm || (this.diag[c("dyslipidaemia")] as number) <= day || (this.diag[c("ihd")] as number) <= day;
    if (lipid ? r.chance(0.5) : r.chance(0.08)) this.labs(day, visit, LIPIDS);
    if (this.meds.some((m) => m.drug === d("warfarin") && m.start <= day)) this.lab(L.inr, day, visit);
    if ((this.diag[c("hypothyroidism")] as number) <= day && r.chance(0.6)) {
      this.lab(L.tsh, day, visit);
      this.lab(L.ft4, day, visit);
    } else if (r.chance(0.03)) this.lab(L.tsh, day, visit);
    if ((this.diag[c("heartFailure")] as number) <= day ? r.chance(0.6) : r.chance(0.02))
      this.lab(L.bnp, day, visit);
    if ((this.diag[c("ckd")] as number) <= day && r.chance(0.4)) {
      this.lab(L.ca, day, visit);
      this.lab(L.ip, day, visit);
    }
    if (r.chance(0.03)) this.lab(L.ferritin, day, visit);
  }

  private labs(day: number, visit: number, items: readonly number[]): void {
    for (const lab of items) this.lab(lab, day, visit);
  }

  private lab(lab: number, day: number, visit: number): void {
    if (day > this.obsEnd || day < this.obsStart) return;
    if (lab === L.egfr && (day - this.birthDay) / YEAR < 18) return; // the Japanese equation is for adults
    const v = this.labValue(lab, day);
    const f = ROUND[lab] as number;
    const b = this.out.measurement;
    const o = b.add();
    b.data[o] = ++this.ids.measurement;
    b.data[o + 1] = this.person;
    b.data[o + 2] = lab;
    b.data[o + 3] = day;
    b.data[o + 4] = Math.round(v * f) / f;
    b.data[o + 5] = visit;
    b.data[o + 6] = this.female ? 1 : 0;
  }

  // -------------------------------------------------------------------------------------------------------
  // Laboratory values: a person-level deviation z (fixed) plus visit noise, around a mean set by sex, age,
  // conditions, treatment and the current episode.

  private has(key: number, day: number): boolean {
    return (this.diag[key] as number) <= day;
  }

  private onDrug(drug: number, day: number): boolean {
    for (const m of this.meds) if (m.drug === drug && m.start <= day && m.stop >= day) return true;
    return false;
  }

  /** fraction of the baseline count left at `day` by the chemotherapy cycles (1 = none) */
  private marrowFactor(day: number, depth: number, peakDay: number, width: number): number {
    let f = 1;
    for (const cd of this.cycleDays) {
      const t = day - cd;
      if (t < 0 || t > 28) continue;
      const x = (t - peakDay) / width;
      f = Math.min(f, 1 - (1 - depth) * Math.exp(-x * x));
    }
    return f;
  }

  private creatinine(day: number): number {
    const age = (day - this.birthDay) / YEAR;
    let v =
      (this.female ? 0.62 : 0.84) *
      Math.exp(0.12 * (this.z[L.cre] as number)) *
      (1 + 0.0015 * Math.max(0, age - 40));
    if (age < 15) v *= 0.4 + 0.04 * age;
    if (this.has(c("ckd"), day)) v *= 1.9 * Math.exp(0.3 * (this.z[L.egfr] as number));
    return v * Math.exp(0.05 * this.r.normal());
  }

  private labValue(lab: number, day: number): number {
    const r = this.r;
    const z = this.z[lab] as number;
    const age = (day - this.birthDay) / YEAR;
    const infected = day >= this.infectionFrom && day <= this.infectionUntil;
    const cancer = this.cancer >= 0 && (this.diag[this.cancer] as number) <= day;
    const liver = this.has(c("hepatitisC"), day) || this.has(c("cirrhosis"), day);
    const cirrhosis = this.has(c("cirrhosis"), day);
    const ckd = this.has(c("ckd"), day);
    const dm = this.has(c("t2dm"), day);
    const male = !this.female;
    switch (lab) {
      case L.wbc:
      case L.neut:
      case L.lymph: {
        let wbc = 6.0 * Math.exp(0.22 * (this.z[L.wbc] as number) + 0.12 * r.normal());
        if (infected) wbc *= 1.8;
        const neutFactor = this.marrowFactor(day, 0.12, 10, 3.5);
        let gcsfBoost = 1;
        for (const g of this.gcsfStarts) if (day >= g && day <= g + 10) gcsfBoost = 2.5;
        const neut = wbc * (infected ? 0.82 : 0.6) * neutFactor * gcsfBoost;
        const lymph = wbc * (infected ? 0.12 : 0.3) * Math.exp(0.15 * z);
        if (lab === L.neut) return Math.max(0.02, neut);
        if (lab === L.lymph) return Math.max(0.1, lymph);
        return Math.max(0.3, neut + lymph + wbc * 0.1);
      }
      case L.hgb:
      case L.rbc:
      case L.hct: {
        let hgb = (male ? 14.6 : 12.9) + 1.0 * (this.z[L.hgb] as number) + 0.35 * r.normal();
        if (age >= 75) hgb -= 0.5;
        if (age < 12) hgb -= 0.8;
        if (ckd) hgb -= 1.0;
        if (cancer) hgb -= 0.8;
        if (day <= this.hgbDropUntil) hgb -= 3.0;
        hgb -= 1.5 * (1 - this.marrowFactor(day, 0.5, 14, 10));
        hgb = Math.max(5, hgb);
        const mcv = 92 + 4 * (this.z[L.mcv] as number);
        const hct = hgb * 3.0 * (1 + 0.02 * r.normal());
        if (lab === L.hgb) return hgb;
        if (lab === L.hct) return hct;
        return (hct * 10) / mcv;
      }
      case L.mcv:
        return 92 + 4 * z + r.gauss(0, 1);
      case L.plt:
        return this.platelets(day, z, cirrhosis, liver);
      case L.tp:
        return 7.1 + 0.4 * z + 0.15 * r.normal() - (cancer ? 0.3 : 0) - (age >= 80 ? 0.2 : 0);
      case L.alb: {
        let v = 4.4 + 0.3 * z + 0.12 * r.normal();
        if (age >= 75) v -= 0.3;
        if (cancer) v -= 0.4;
        if (cirrhosis) v -= 0.6;
        if (infected) v -= 0.6;
        return Math.max(1.5, v);
      }
      case L.tbil:
        return 0.7 * Math.exp(0.3 * z + 0.15 * r.normal()) * (cirrhosis ? 2.2 : 1);
      case L.ast:
        return 20 * Math.exp(0.25 * z + 0.15 * r.normal()) * (liver ? 2.2 : 1);
      case L.alt:
        return (male ? 20 : 14) * Math.exp(0.4 * z + 0.18 * r.normal()) * (liver ? 2.2 : 1);
      case L.ld:
        return 172 + 26 * z + r.gauss(0, 10) + (cancer ? 45 : 0);
      case L.alp:
        return 75 * Math.exp(0.25 * z + 0.08 * r.normal()) * (age < 15 ? 3 : 1);
      case L.ggt:
        return (male ? 28 : 18) * Math.exp(0.5 * z + 0.15 * r.normal()) * (liver ? 2.5 : 1);
      case L.ck:
        return (male ? 110 : 80) * Math.exp(0.4 * z + 0.25 * r.normal());
      case L.amy:
        return 75 * Math.exp(0.25 * z + 0.1 * r.normal());
      case L.bun:
        return Math.max(3, (14 + 3 * z + r.gauss(0, 1.5)) * (ckd ? 1.9 : 1) * (age >= 75 ? 1.15 : 1));
      case L.cre:
        return this.creatinine(day);
      case L.egfr: {
        // Japanese Society of Nephrology equation: 194 x Cr^-1.094 x age^-0.287 (x 0.739 for women)
        const cr = this.creatinine(day);
        return 194 * cr ** -1.094 * Math.max(18, age) ** -0.287 * (this.female ? 0.739 : 1);
      }
      case L.ua: {
        const high = this.has(c("hyperuricaemia"), day);
        const treated = high && (this.onDrug(d("febuxostat"), day) || this.onDrug(d("allopurinol"), day));
        return Math.max(
          1.5,
          (male ? 6.0 : 4.6) + 1.0 * z + 0.4 * r.normal() + (high ? (treated ? 0.3 : 2.0) : 0),
        );
      }
      case L.na:
        return 140 + 2 * z + r.gauss(0, 1.2) - (infected && age >= 75 ? 3 : 0);
      case L.k:
        return 4.2 + 0.3 * z + r.gauss(0, 0.15) + (ckd ? 0.3 : 0);
      case L.cl:
        return 104 + 2 * z + r.gauss(0, 1.2);
      case L.ca:
        return 9.3 + 0.3 * z + r.gauss(0, 0.15) - (ckd ? 0.2 : 0);
      case L.mg:
        return 2.1 + 0.15 * z + r.gauss(0, 0.08);
      case L.ip:
        return 3.5 + 0.4 * z + r.gauss(0, 0.2) + (ckd ? 0.5 : 0);
      case L.glu:
        return dm ? Math.max(60, 150 + 30 * z + r.gauss(0, 25)) : Math.max(60, 97 + 9 * z + r.gauss(0, 8));
      case L.hba1c:
        return dm ? Math.max(5.5, 7.2 + 0.8 * z + r.gauss(0, 0.3)) : 5.6 + 0.25 * z + r.gauss(0, 0.1);
      case L.tc:
      case L.ldl: {
        const statin = this.onStatin(day);
        const dl = this.has(c("dyslipidaemia"), day);
        let ldl = 118 + 26 * (this.z[L.ldl] as number) + r.gauss(0, 8) + (dl ? 30 : 0) - (statin ? 50 : 0);
        ldl = Math.max(35, ldl);
        if (lab === L.ldl) return ldl;
        return ldl + (male ? 55 : 66) + 0.2 * 110 + r.gauss(0, 5);
      }
      case L.hdl:
        return Math.max(20, (male ? 55 : 66) + 12 * z + r.gauss(0, 4) - (dm ? 5 : 0));
      case L.tg:
        return 110 * Math.exp(0.45 * z + 0.2 * r.normal()) * (dm ? 1.3 : 1);
      case L.crp: {
        if (infected) return r.logNormal(6, 0.7);
        return 0.06 * Math.exp(0.9 * z + 0.4 * r.normal()) * (cancer ? 3 : 1) * (age >= 75 ? 1.5 : 1);
      }
      case L.inr:
        return this.onDrug(d("warfarin"), day)
          ? Math.max(1.1, r.gauss(2.2, 0.45))
          : 1.0 + 0.05 * z + r.gauss(0, 0.03);
      case L.aptt:
        return 30 + 2.5 * z + r.gauss(0, 1) + (this.onDrug(d("dabigatran"), day) ? 12 : 0);
      case L.tsh:
        return this.has(c("hypothyroidism"), day)
          ? r.logNormal(2.8, 0.7)
          : 1.8 * Math.exp(0.5 * z + 0.2 * r.normal());
      case L.ft4:
        return this.has(c("hypothyroidism"), day) ? r.gauss(1.1, 0.2) : 1.25 + 0.15 * z + r.gauss(0, 0.05);
      case L.bnp: {
        const base = this.has(c("heartFailure"), day) ? 250 : 12 + 0.4 * Math.max(0, age - 40);
        return base * Math.exp(0.8 * z + 0.3 * r.normal());
      }
      case L.ferritin:
        return (male ? 140 : 60) * Math.exp(0.7 * z + 0.15 * r.normal()) * (cancer ? 2 : 1);
      default:
        return 0;
    }
  }

  private onStatin(day: number): boolean {
    for (const m of this.meds) {
      if (
        m.start <= day &&
        (m.drug === d("rosuvastatin") || m.drug === d("atorvastatin") || m.drug === d("pravastatin"))
      ) {
        return true;
      }
    }
    return false;
  }

  private platelets(day: number, z: number, cirrhosis: boolean, liver: boolean): number {
    const r = this.r;
    if (day >= this.eventDay && day <= this.eventDay + 2) {
      // the planted event and the following days of the same nadir
      return day === this.eventDay ? this.eventValue : r.int(15, 60);
    }
    let v = (245 + 50 * z) * (cirrhosis ? 0.5 : liver ? 0.8 : 1) + r.gauss(0, 12);
    v *= this.marrowFactor(day, this.plateletNadir, 14, 4);
    v = Math.max(8, v);
    // no thrombocytopenia below the threshold in the window before the planted outcome day
    if (
      day >= this.guardStart &&
      day <= this.guardEnd &&
      day < this.eventDay &&
      v < GCSF.outcomeThreshold + 5
    ) {
      v = GCSF.outcomeThreshold + 5 + r.int(0, 60);
    }
    return v;
  }
}
