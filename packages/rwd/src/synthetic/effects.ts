import { conditionDef, drugDef, GENDER, labDef } from "./concepts.ts";

/**
 * The effects planted in the synthetic population. The engine's studies are judged by whether they
 * recover these numbers, so every parameter the simulator uses for them lives here and the documentation
 * text is built from the same numbers (they cannot drift apart).
 */

const peg = drugDef("pegfilgrastim");
const fil = drugDef("filgrastim");
const platelets = labDef("plt");
const thrombocytopenia = conditionDef("thrombocytopenia");
const ingrowingNail = conditionDef("ingrowingNail");

const gcsf = {
  windowStartDay: 2,
  windowEndDay: 7,
  outcomeThreshold: 50,
  defaultHazardRatio: 2.0,
  baselineHazardPerDay: 0.02,
  hazardMultipliers: { age65to74: 1.6, age75plus: 2.2, male: 1.25, ckd: 1.5, chronicLiverDisease: 1.8 },
  propensityLogit: {
    intercept: -1.0,
    age65plus: 0.9,
    age75plus: 0.5,
    female: 0.4,
    ckd: 0.5,
    chronicLiverDisease: 0.5,
  },
  gcsfUseProbability: 0.7,
  primaryProphylaxisShare: 0.7,
  lenograstimShare: 0.06,
  diagnosisProbability: 0.6,
} as const;

const nc = {
  baselineHazardPerYear: 0.03,
  hazardMultipliers: { age65plus: 1.7, diabetes: 2.0, obesity: 1.5 },
  propensityLogit: {
    intercept: -0.2,
    age65plus: 0.7,
    diabetes: 0.6,
    gerdOrUlcer: 1.0,
    antithrombotic: 0.8,
    gastritis: -1.0,
  },
  followUpDays: 365,
} as const;

const pct = (x: number) => `${Math.round(x * 100)}%`;
const windowDays = gcsf.windowEndDay - gcsf.windowStartDay + 1;
const m = gcsf.hazardMultipliers;
const p = gcsf.propensityLogit;
const sign = (x: number) => (x < 0 ? `- ${-x}` : `+ ${x}`);

const gcsfText = `(a) G-CSF and thrombocytopenia (the MID-NET signal that added thrombocytopenia to G-CSF package inserts).
Population: persons with a cancer diagnosis (condition concepts that descend from 443392 "Malignant neoplastic
disease" in concept_ancestor) who receive cytotoxic chemotherapy (ingredients under ATC L01A/L01B/L01C/L01D/L01XA,
grouped by local concept 2000000002). ${pct(gcsf.gcsfUseProbability)} of them receive a G-CSF, from the first cycle
(${pct(gcsf.primaryProphylaxisShare)}, primary prophylaxis) or from cycle 2-3; the first G-CSF exposure of a person is a
new-user index date (no G-CSF before it). ${pct(gcsf.lenograstimShare)} of G-CSF users get lenograstim and belong to
neither arm.
Exposure: ${peg.name} (RxNorm ${peg.rxcui}, concept ${peg.conceptId}, ATC ${peg.atc}, one injection 1-2 days after the
chemotherapy day) versus ${fil.name} (RxNorm ${fil.rxcui}, concept ${fil.conceptId}, ATC ${fil.atc}, daily injections for
3-7 days starting 2-5 days after the chemotherapy day, one drug_exposure row with quantity = days).
Outcome: thrombocytopenia = a platelet count (${platelets.name}, LOINC ${platelets.loinc}, concept ${platelets.conceptId},
unit ${platelets.unit.name} ${platelets.unit.conceptId}) below ${gcsf.outcomeThreshold} x10^3/uL
(${gcsf.outcomeThreshold},000/uL) on days ${gcsf.windowStartDay}-${gcsf.windowEndDay} after the first G-CSF start
(day 0 = drug_exposure_start_date).
Model: constant hazard over the ${windowDays}-day risk window [day ${gcsf.windowStartDay}, day ${gcsf.windowEndDay + 1}):
hazard = h0 x age x sex x CKD x liver x (HR if pegfilgrastim), h0 = ${gcsf.baselineHazardPerDay} per day for a woman
under 65 without CKD or chronic liver disease (${windowDays}-day risk ${pct(1 - Math.exp(-windowDays * gcsf.baselineHazardPerDay))});
multipliers: age 65-74 x${m.age65to74}, age >= 75 x${m.age75plus}, male x${m.male}, chronic kidney disease (N18.9
recorded on or before the index date) x${m.ckd}, chronic liver disease (B18.2 or K74.6 recorded on or before the index
date) x${m.chronicLiverDisease}; HR = the gcsfHazardRatio option (default ${gcsf.defaultHazardRatio}). Age is whole years
at the index date counted as (days since birth) / 365.25. An event time T ~ Exponential(hazard) is drawn; if
T < ${windowDays} the outcome day is index + ${gcsf.windowStartDay} + floor(T).
It is written as a platelet measurement of 10-49 x10^3/uL on that day (with the rest of a blood count, linked to the
visit of that day) and, with probability ${gcsf.diagnosisProbability}, as a condition_occurrence of D69.5 "Secondary
thrombocytopenia" (local concept ${thrombocytopenia.conceptId}) on the same day. Every other platelet count of a new
user on window days before the outcome day (or in the whole window when there is no outcome) is >= 55, so the
measurement defines the outcome exactly; low counts outside the window (chemotherapy nadirs) are left as they come.
Confounding, to be removed by a propensity score on age, sex, CKD and liver disease: pegfilgrastim is chosen over
filgrastim with logit P = ${p.intercept} ${sign(p.age65plus)} [age >= 65] ${sign(p.age75plus)} [age >= 75]
${sign(p.female)} [female] ${sign(p.ckd)} [CKD] ${sign(p.chronicLiverDisease)} [liver], so it goes more to older patients
and to patients with CKD or liver disease, who also have a higher baseline hazard (women get it slightly more and
have a lower hazard, a small opposite bias). Regimen, cancer type and calendar time do not enter the outcome model.
What an analysis should find (50,000 persons give about 1,200 pegfilgrastim and 1,000 filgrastim new users): the crude
incidence rate ratio is biased upwards, about 2.3-2.6 for HR 2.0; stratified on (or weighted by) age group (<65, 65-74,
75+), sex, CKD and liver disease it is about 2.0. That is with person-time counted to the outcome day, the outcome day
itself as half a day, which makes events / person-time estimate the constant hazard; counting it as a whole day gives
1 + e^(-hazard), about 1.95. The risk ratio over the window is lower (about 1.8) because the risks are not small.`;

const nm = nc.hazardMultipliers;
const np = nc.propensityLogit;
const ncText = `(b) Negative control: proton pump inhibitors versus H2-receptor antagonists and ingrowing nail (true HR 1.0).
Exposure: the first acid-suppressant prescription of a person (new user): a PPI (ATC A02BC: omeprazole, lansoprazole,
rabeprazole, esomeprazole) versus an H2RA (ATC A02BA: famotidine, nizatidine, cimetidine). The earliest indication
starts it: gastro-oesophageal reflux disease, gastric ulcer or bleeding, gastritis, gastroprotection with
antithrombotics or NSAIDs, chemotherapy.
Outcome: ingrowing nail (L60.0, local concept ${ingrowingNail.conceptId}) recorded at an outpatient visit, within
${nc.followUpDays} days of the index date (or to the end of observation). It is generated for every person, exposed or
not, as the first event of a piecewise-constant hazard over the whole observation period: h0 = ${nc.baselineHazardPerYear}
per person-year for a person under 65 without recorded diabetes or obesity; multipliers age >= 65 x${nm.age65plus}, type 2
diabetes (E11.9 recorded) x${nm.diabetes}, obesity (E66.9 recorded) x${nm.obesity}, each switching on at the day it
starts to apply. No drug enters the hazard, so the hazard ratio of PPI versus H2RA is exactly 1 in every stratum.
Confounding: logit P(PPI) = ${np.intercept} ${sign(np.age65plus)} [age >= 65] ${sign(np.diabetes)} [diabetes]
${sign(np.gerdOrUlcer)} [GERD, ulcer or bleeding] ${sign(np.antithrombotic)} [antithrombotic or NSAID]
${sign(np.gastritis)} [gastritis]; age and diabetes raise both the PPI choice and the outcome hazard, so the crude
PPI/H2RA incidence rate ratio is above 1 (about 1.05-1.35) and one stratified on age group, diabetes and obesity at the
index date is about 1.0. A study should exclude persons with the outcome before the index date; by the
memorylessness of the hazard the post-index hazard is then the one above.`;

export const PLANTED_EFFECTS = {
  gcsfThrombocytopenia: {
    title: "Pegfilgrastim vs filgrastim and thrombocytopenia (platelets < 50 x10^3/uL on days 2-7)",
    targetConceptId: peg.conceptId,
    comparatorConceptId: fil.conceptId,
    lenograstimConceptId: drugDef("lenograstim").conceptId,
    outcomeMeasurementConceptId: platelets.conceptId,
    outcomeUnitConceptId: platelets.unit.conceptId,
    outcomeConditionConceptId: thrombocytopenia.conceptId,
    ...gcsf,
    text: gcsfText,
  },
  negativeControl: {
    title: "Proton pump inhibitors vs H2-receptor antagonists and ingrowing nail (true HR 1.0)",
    targetAtc: "A02BC",
    comparatorAtc: "A02BA",
    targetConceptIds: ["omeprazole", "lansoprazole", "rabeprazole", "esomeprazole"].map(
      (k) => drugDef(k).conceptId,
    ),
    comparatorConceptIds: ["famotidine", "nizatidine", "cimetidine"].map((k) => drugDef(k).conceptId),
    outcomeConditionConceptId: ingrowingNail.conceptId,
    hazardRatio: 1.0,
    ...nc,
    text: ncText,
  },
  genders: GENDER,
} as const;
