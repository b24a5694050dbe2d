/**
 * The vocabulary slice the synthetic population uses: every concept id that the generator writes into a
 * clinical table is listed here, and the generator writes these rows into `concept` and `concept_ancestor`
 * so that a fresh database is self-contained.
 *
 * Where an OMOP concept id is used, the pairing of id and name was checked against public OHDSI material
 * (the Data Quality Dashboard concept-level files for measurements, units, visits and conditions; an
 * Athena-derived drug mapping table of a published ETL for RxNorm ingredients); those rows carry their real
 * vocabulary (SNOMED, RxNorm, LOINC, UCUM, Gender, Visit, Type Concept). The concept_code of those rows
 * (SNOMED code, RxCUI, LOINC code) is given from knowledge of the vocabularies, not from the same check.
 * Ids that could not be checked are site-local concepts (>= 2,000,000,000, vocabulary_id "KH-local") whose
 * concept_code is the real ICD-10 / ATC / LOINC code, so a later mapping to Athena can key on the code.
 * ICD-10 codes are WHO ICD-10 (the edition Japanese hospitals code disease names in), not ICD-10-CM.
 */

export const LOCAL_VOCABULARY = "KH-local";
/** first id of the site-local range (OMOP reserves ids above 2 billion for local concepts) */
export const LOCAL_CONCEPT_MIN = 2_000_000_000;

export interface ConceptRow {
  conceptId: number;
  conceptName: string;
  domainId: string;
  vocabularyId: string;
  conceptClassId: string;
  standardConcept: "S" | "C" | null;
  conceptCode: string;
}

export interface AncestorRow {
  ancestorConceptId: number;
  descendantConceptId: number;
  minLevels: number;
  maxLevels: number;
}

// ---------------------------------------------------------------------------------------------------------
// Demographics, visits, record types, units

export const GENDER = { male: 8507, female: 8532 } as const;
export const VISIT = { inpatient: 9201, outpatient: 9202, emergency: 9203 } as const;
/** "EHR": every record comes from hospital electronic records (MID-NET style), so one type concept fits all */
export const TYPE_EHR = 32817;
/** placeholder for cdm_source.cdm_version_concept_id: the CDM v5.4 concept id could not be verified */
export const CDM_VERSION_LOCAL = 2_000_000_001;
/** local grouping: cytotoxic chemotherapy = ATC L01A + L01B + L01C + L01D + L01XA (ATC has no such class) */
export const CYTOTOXIC_CHEMOTHERAPY_GROUP = 2_000_000_002;

export interface UnitDef {
  conceptId: number;
  name: string;
  ucum: string;
}

export const UNITS = {
  thousandPerMicroliter: { conceptId: 8848, name: "thousand per microliter", ucum: "10*3/uL" },
  millionPerMicroliter: { conceptId: 8815, name: "million per microliter", ucum: "10*6/uL" },
  gramPerDeciliter: { conceptId: 8713, name: "gram per deciliter", ucum: "g/dL" },
  percent: { conceptId: 8554, name: "percent", ucum: "%" },
  femtoliter: { conceptId: 8583, name: "femtoliter", ucum: "fL" },
  unitPerLiter: { conceptId: 8645, name: "unit per liter", ucum: "U/L" },
  milligramPerDeciliter: { conceptId: 8840, name: "milligram per deciliter", ucum: "mg/dL" },
  millimolePerLiter: { conceptId: 8753, name: "millimole per liter", ucum: "mmol/L" },
  mlPerMin173: {
    conceptId: 9117,
    name: "milliliter per minute per 1.73 square meter",
    ucum: "mL/min/{1.73_m2}",
  },
  ratio: { conceptId: 8523, name: "ratio", ucum: "{ratio}" },
  second: { conceptId: 8555, name: "second", ucum: "s" },
  milliIuPerLiter: { conceptId: 9040, name: "milli-international unit per liter", ucum: "m[IU]/L" },
  nanogramPerDeciliter: { conceptId: 8817, name: "nanogram per deciliter", ucum: "ng/dL" },
  picogramPerMilliliter: { conceptId: 8845, name: "picogram per milliliter", ucum: "pg/mL" },
  nanogramPerMilliliter: { conceptId: 8842, name: "nanogram per milliliter", ucum: "ng/mL" },
} as const satisfies Record<string, UnitDef>;

// ---------------------------------------------------------------------------------------------------------
// Conditions: WHO ICD-10 source codes mapped to a standard concept

export interface ConditionDef {
  key: string;
  icd10: string;
  icd10Name: string;
  /** local non-standard concept carrying the ICD-10 code (condition_source_concept_id) */
  sourceConceptId: number;
  /** standard concept written to condition_concept_id */
  conceptId: number;
  conceptName: string;
  /** SNOMED CT code when the standard concept is a verified OMOP SNOMED concept; null when it is local */
  snomedCode: string | null;
  /** cancers roll up to "Malignant neoplastic disease" in concept_ancestor */
  malignant?: boolean;
}

function condition(
  key: string,
  icd10: string,
  icd10Name: string,
  localId: number,
  snomed?: { conceptId: number; name: string; code: string },
  malignant = false,
): ConditionDef {
  return {
    key,
    icd10,
    icd10Name,
    sourceConceptId: localId,
    conceptId: snomed ? snomed.conceptId : localId,
    conceptName: snomed ? snomed.name : icd10Name,
    snomedCode: snomed ? snomed.code : null,
    ...(malignant ? { malignant } : {}),
  };
}

/** "Malignant neoplastic disease" (SNOMED 363346000), the ancestor of every cancer below */
export const MALIGNANT_NEOPLASTIC_DISEASE = 443392;

export const CONDITIONS: readonly ConditionDef[] = [
  condition("hypertension", "I10", "Essential (primary) hypertension", 2_000_101_001, {
    conceptId: 320128,
    name: "Essential hypertension",
    code: "59621000",
  }),
  condition("t2dm", "E11.9", "Type 2 diabetes mellitus without complications", 2_000_101_002, {
    conceptId: 201826,
    name: "Type 2 diabetes mellitus",
    code: "44054006",
  }),
  condition("dyslipidaemia", "E78.5", "Hyperlipidaemia, unspecified", 2_000_101_003, {
    conceptId: 432867,
    name: "Hyperlipidemia",
    code: "55822004",
  }),
  condition("ckd", "N18.9", "Chronic kidney disease, unspecified", 2_000_101_004, {
    conceptId: 46271022,
    name: "Chronic kidney disease",
    code: "709044004",
  }),
  condition("heartFailure", "I50.9", "Heart failure, unspecified", 2_000_101_005, {
    conceptId: 316139,
    name: "Heart failure",
    code: "84114007",
  }),
  condition(
    "atrialFibrillation",
    "I48.9",
    "Atrial fibrillation and atrial flutter, unspecified",
    2_000_101_006,
    {
      conceptId: 313217,
      name: "Atrial fibrillation",
      code: "49436004",
    },
  ),
  condition("ihd", "I25.1", "Atherosclerotic heart disease", 2_000_101_007, {
    conceptId: 317576,
    name: "Coronary arteriosclerosis",
    code: "53741008",
  }),
  condition("stroke", "I63.9", "Cerebral infarction, unspecified", 2_000_101_008),
  condition("copd", "J44.9", "Chronic obstructive pulmonary disease, unspecified", 2_000_101_009, {
    conceptId: 255573,
    name: "Chronic obstructive lung disease",
    code: "13645005",
  }),
  condition("asthma", "J45.9", "Asthma, unspecified", 2_000_101_010, {
    conceptId: 317009,
    name: "Asthma",
    code: "195967001",
  }),
  condition("gerd", "K21.9", "Gastro-oesophageal reflux disease without oesophagitis", 2_000_101_011, {
    conceptId: 318800,
    name: "Gastroesophageal reflux disease",
    code: "235595009",
  }),
  condition(
    "gastricUlcer",
    "K25.9",
    "Gastric ulcer, unspecified as acute or chronic, without haemorrhage or perforation",
    2_000_101_012,
  ),
  condition("dementia", "F03", "Unspecified dementia", 2_000_101_013, {
    conceptId: 4182210,
    name: "Dementia",
    code: "52448006",
  }),
  condition("depression", "F32.9", "Depressive episode, unspecified", 2_000_101_014, {
    conceptId: 440383,
    name: "Depressive disorder",
    code: "35489007",
  }),
  condition("osteoporosis", "M81.9", "Osteoporosis, unspecified", 2_000_101_015),
  condition("kneeOsteoarthritis", "M17.9", "Gonarthrosis, unspecified", 2_000_101_016, {
    conceptId: 80180,
    name: "Osteoarthritis",
    code: "396275006",
  }),
  condition("hypothyroidism", "E03.9", "Hypothyroidism, unspecified", 2_000_101_017),
  condition("hepatitisC", "B18.2", "Chronic viral hepatitis C", 2_000_101_018, {
    conceptId: 197494,
    name: "Viral hepatitis C",
    code: "50711007",
  }),
  condition("cirrhosis", "K74.6", "Other and unspecified cirrhosis of liver", 2_000_101_019),
  condition(
    "hyperuricaemia",
    "E79.0",
    "Hyperuricaemia without signs of inflammatory arthritis and tophaceous disease",
    2_000_101_020,
  ),
  condition("obesity", "E66.9", "Obesity, unspecified", 2_000_101_021, {
    conceptId: 433736,
    name: "Obesity",
    code: "414916001",
  }),
  condition(
    "lungCancer",
    "C34.9",
    "Malignant neoplasm: Bronchus or lung, unspecified",
    2_000_101_030,
    { conceptId: 443388, name: "Malignant tumor of lung", code: "363358000" },
    true,
  ),
  condition(
    "breastCancer",
    "C50.9",
    "Malignant neoplasm: Breast, unspecified",
    2_000_101_031,
    { conceptId: 4112853, name: "Malignant tumor of breast", code: "254837009" },
    true,
  ),
  condition(
    "colonCancer",
    "C18.9",
    "Malignant neoplasm: Colon, unspecified",
    2_000_101_032,
    { conceptId: 4180790, name: "Malignant tumor of colon", code: "363406005" },
    true,
  ),
  condition(
    "stomachCancer",
    "C16.9",
    "Malignant neoplasm: Stomach, unspecified",
    2_000_101_033,
    undefined,
    true,
  ),
  condition("lymphoma", "C83.3", "Diffuse large B-cell lymphoma", 2_000_101_034, undefined, true),
  condition(
    "prostateCancer",
    "C61",
    "Malignant neoplasm of prostate",
    2_000_101_035,
    { conceptId: 4163261, name: "Malignant tumor of prostate", code: "399068003" },
    true,
  ),
  condition(
    "ovarianCancer",
    "C56",
    "Malignant neoplasm of ovary",
    2_000_101_036,
    { conceptId: 200051, name: "Primary malignant neoplasm of ovary", code: "93934004" },
    true,
  ),
  condition(
    "pancreaticCancer",
    "C25.9",
    "Malignant neoplasm: Pancreas, unspecified",
    2_000_101_037,
    undefined,
    true,
  ),
  condition("pneumonia", "J18.9", "Pneumonia, unspecified", 2_000_101_050, {
    conceptId: 255848,
    name: "Pneumonia",
    code: "233604007",
  }),
  condition("uti", "N39.0", "Urinary tract infection, site not specified", 2_000_101_051, {
    conceptId: 81902,
    name: "Urinary tract infectious disease",
    code: "68566005",
  }),
  condition("urti", "J06.9", "Acute upper respiratory infection, unspecified", 2_000_101_052),
  condition("gastritis", "K29.7", "Gastritis, unspecified", 2_000_101_053),
  condition("giBleeding", "K92.2", "Gastrointestinal haemorrhage, unspecified", 2_000_101_054, {
    conceptId: 192671,
    name: "Gastrointestinal hemorrhage",
    code: "74474003",
  }),
  condition("agranulocytosis", "D70", "Agranulocytosis", 2_000_101_055),
  condition("thrombocytopenia", "D69.5", "Secondary thrombocytopenia", 2_000_101_056),
  condition("ingrowingNail", "L60.0", "Ingrowing nail", 2_000_101_057),
];

// ---------------------------------------------------------------------------------------------------------
// Drugs: ingredient concepts (RxNorm where verified) under the WHO ATC hierarchy

export type Route = "oral" | "intravenous" | "subcutaneous" | "inhalation";

export interface DrugDef {
  key: string;
  /** ingredient name as in RxNorm (or the INN for local ingredients) */
  name: string;
  atc: string;
  conceptId: number;
  /** RxNorm RxCUI of the ingredient; null for a local ingredient concept */
  rxcui: string | null;
  route: Route;
}

const rx = (
  key: string,
  name: string,
  atc: string,
  conceptId: number,
  rxcui: string,
  route: Route = "oral",
) => ({
  key,
  name,
  atc,
  conceptId,
  rxcui,
  route,
});

export const DRUGS: readonly DrugDef[] = [
  // acid suppression (negative-control exposure pair)
  rx("omeprazole", "omeprazole", "A02BC01", 923645, "7646"),
  rx("lansoprazole", "lansoprazole", "A02BC03", 929887, "17128"),
  rx("rabeprazole", "rabeprazole", "A02BC04", 911735, "114979"),
  rx("esomeprazole", "esomeprazole", "A02BC05", 904453, "283742"),
  rx("cimetidine", "cimetidine", "A02BA01", 997276, "2541"),
  rx("famotidine", "famotidine", "A02BA03", 953076, "4278"),
  rx("nizatidine", "nizatidine", "A02BA04", 950696, "42319"),
  // antiemetics used with chemotherapy
  rx("granisetron", "granisetron", "A04AA02", 1000772, "26237", "intravenous"),
  rx("palonosetron", "palonosetron", "A04AA05", 911354, "70561", "intravenous"),
  // diabetes
  rx("insulinGlargine", "insulin glargine", "A10AE04", 1502905, "274783", "subcutaneous"),
  rx("metformin", "metformin", "A10BA02", 1503297, "6809"),
  rx("sitagliptin", "sitagliptin", "A10BH01", 1580747, "593411"),
  rx("linagliptin", "linagliptin", "A10BH05", 40239216, "1100699"),
  rx("dapagliflozin", "dapagliflozin", "A10BK01", 44785829, "1488564"),
  rx("empagliflozin", "empagliflozin", "A10BK03", 45774751, "1545653"),
  // antithrombotics
  rx("warfarin", "warfarin", "B01AA03", 1310149, "11289"),
  rx("clopidogrel", "clopidogrel", "B01AC04", 1322184, "32968"),
  rx("aspirin", "aspirin", "B01AC06", 1112807, "1191"),
  rx("dabigatran", "dabigatran", "B01AE07", 45775372, "1546356"),
  rx("rivaroxaban", "rivaroxaban", "B01AF01", 40241331, "1114195"),
  rx("apixaban", "apixaban", "B01AF02", 43013024, "1364430"),
  rx("edoxaban", "edoxaban", "B01AF03", 45892847, "1599538"),
  // cardiovascular
  rx("furosemide", "furosemide", "C03CA01", 956874, "4603"),
  rx("spironolactone", "spironolactone", "C03DA01", 970250, "9997"),
  rx("bisoprolol", "bisoprolol", "C07AB07", 1338005, "19484"),
  rx("carvedilol", "carvedilol", "C07AG02", 1346823, "20352"),
  rx("amlodipine", "amlodipine", "C08CA01", 1332418, "17767"),
  rx("nifedipine", "nifedipine", "C08CA05", 1318853, "7417"),
  rx("losartan", "losartan", "C09CA01", 1367500, "52175"),
  rx("candesartan", "candesartan", "C09CA06", 1351557, "214354"),
  rx("telmisartan", "telmisartan", "C09CA07", 1317640, "73494"),
  rx("olmesartan", "olmesartan", "C09CA08", 40226742, "321064"),
  rx("azilsartan", "azilsartan", "C09CA09", 40235485, "1091643"),
  rx("pravastatin", "pravastatin", "C10AA03", 1551860, "42463"),
  rx("atorvastatin", "atorvastatin", "C10AA05", 1545958, "83367"),
  rx("rosuvastatin", "rosuvastatin", "C10AA07", 1510813, "301542"),
  rx("ezetimibe", "ezetimibe", "C10AX09", 1526475, "341248"),
  // corticosteroids, thyroid
  rx("dexamethasone", "dexamethasone", "H02AB02", 1518254, "3264", "intravenous"),
  rx("prednisolone", "prednisolone", "H02AB06", 1550557, "8638"),
  rx("levothyroxine", "levothyroxine", "H03AA01", 1501700, "10582"),
  // antibacterials
  rx("amoxicillin", "amoxicillin", "J01CA04", 1713332, "723"),
  rx("cefazolin", "cefazolin", "J01DB04", 1771162, "2180", "intravenous"),
  rx("ceftriaxone", "ceftriaxone", "J01DD04", 1777806, "2193", "intravenous"),
  rx("meropenem", "meropenem", "J01DH02", 1709170, "29561", "intravenous"),
  rx("clarithromycin", "clarithromycin", "J01FA09", 1750500, "21212"),
  rx("azithromycin", "azithromycin", "J01FA10", 1734104, "18631"),
  rx("levofloxacin", "levofloxacin", "J01MA12", 1742253, "82122"),
  // antineoplastic agents
  rx("cyclophosphamide", "cyclophosphamide", "L01AA01", 1310317, "3002", "intravenous"),
  rx("pemetrexed", "pemetrexed", "L01BA04", 1304919, "68446", "intravenous"),
  rx("fluorouracil", "fluorouracil", "L01BC02", 955632, "4492", "intravenous"),
  rx("gemcitabine", "gemcitabine", "L01BC05", 1314924, "12574", "intravenous"),
  rx("capecitabine", "capecitabine", "L01BC06", 1337620, "194000"),
  {
    key: "tegafurGimeracilOteracil",
    name: "tegafur / gimeracil / oteracil (S-1)",
    atc: "L01BC53",
    conceptId: 2_000_301_002,
    rxcui: null,
    route: "oral",
  },
  rx("vincristine", "vincristine", "L01CA02", 1308290, "11202", "intravenous"),
  rx("etoposide", "etoposide", "L01CB01", 1350504, "4179", "intravenous"),
  rx("paclitaxel", "paclitaxel", "L01CD01", 1378382, "56946", "intravenous"),
  rx("docetaxel", "docetaxel", "L01CD02", 1315942, "72962", "intravenous"),
  rx("irinotecan", "irinotecan", "L01CE02", 1367268, "51499", "intravenous"),
  rx("doxorubicin", "doxorubicin", "L01DB01", 1338512, "3639", "intravenous"),
  rx("rituximab", "rituximab", "L01FA01", 1314273, "121191", "intravenous"),
  rx("cisplatin", "cisplatin", "L01XA01", 1397599, "2555", "intravenous"),
  rx("carboplatin", "carboplatin", "L01XA02", 1344905, "40048", "intravenous"),
  rx("oxaliplatin", "oxaliplatin", "L01XA03", 1318011, "32592", "intravenous"),
  // colony stimulating factors (the planted comparison)
  rx("filgrastim", "filgrastim", "L03AA02", 1304850, "68442", "subcutaneous"),
  {
    key: "lenograstim",
    name: "lenograstim",
    atc: "L03AA10",
    conceptId: 2_000_301_001,
    rxcui: null,
    route: "subcutaneous",
  },
  rx("pegfilgrastim", "pegfilgrastim", "L03AA13", 1325608, "338036", "subcutaneous"),
  // analgesics, antigout
  rx("diclofenac", "diclofenac", "M01AB05", 1124300, "3355"),
  rx("celecoxib", "celecoxib", "M01AH01", 1118084, "140587"),
  rx("allopurinol", "allopurinol", "M04AA01", 1167322, "519"),
  rx("febuxostat", "febuxostat", "M04AA03", 19017742, "73689"),
  rx("acetaminophen", "acetaminophen", "N02BE01", 1125315, "161"),
  // nervous system
  rx("zolpidem", "zolpidem", "N05CF02", 744740, "39993"),
  rx("sertraline", "sertraline", "N06AB06", 739138, "36437"),
  rx("escitalopram", "escitalopram", "N06AB10", 715939, "321988"),
  rx("mirtazapine", "mirtazapine", "N06AX11", 725131, "15996"),
  rx("donepezil", "donepezil", "N06DA02", 715997, "135447"),
  rx("memantine", "memantine", "N06DX01", 701322, "6719"),
  // respiratory
  rx("albuterol", "albuterol", "R03AC02", 1154343, "435", "inhalation"),
  rx("budesonide", "budesonide", "R03BA02", 939259, "19831", "inhalation"),
  rx("fluticasone", "fluticasone", "R03BA05", 1149380, "41126", "inhalation"),
  rx("tiotropium", "tiotropium", "R03BB04", 1106776, "69120", "inhalation"),
  rx("montelukast", "montelukast", "R03DC03", 1154161, "88249"),
];

/** WHO ATC classes (levels 1-4) above the drugs; all local concepts, code = the ATC code */
const ATC_CLASS_NAMES: Record<string, string> = {
  A: "Alimentary tract and metabolism",
  A02: "Drugs for acid related disorders",
  A02B: "Drugs for peptic ulcer and gastro-oesophageal reflux disease (GORD)",
  A02BA: "H2-receptor antagonists",
  A02BC: "Proton pump inhibitors",
  A04: "Antiemetics and antinauseants",
  A04A: "Antiemetics and antinauseants",
  A04AA: "Serotonin (5HT3) antagonists",
  A10: "Drugs used in diabetes",
  A10A: "Insulins and analogues",
  A10AE: "Insulins and analogues for injection, long-acting",
  A10B: "Blood glucose lowering drugs, excl. insulins",
  A10BA: "Biguanides",
  A10BH: "Dipeptidyl peptidase 4 (DPP-4) inhibitors",
  A10BK: "Sodium-glucose co-transporter 2 (SGLT2) inhibitors",
  B: "Blood and blood forming organs",
  B01: "Antithrombotic agents",
  B01A: "Antithrombotic agents",
  B01AA: "Vitamin K antagonists",
  B01AC: "Platelet aggregation inhibitors excl. heparin",
  B01AE: "Direct thrombin inhibitors",
  B01AF: "Direct factor Xa inhibitors",
  C: "Cardiovascular system",
  C03: "Diuretics",
  C03C: "High-ceiling diuretics",
  C03CA: "Sulfonamides, plain",
  C03D: "Aldosterone antagonists and other potassium-sparing agents",
  C03DA: "Aldosterone antagonists",
  C07: "Beta blocking agents",
  C07A: "Beta blocking agents",
  C07AB: "Beta blocking agents, selective",
  C07AG: "Alpha and beta blocking agents",
  C08: "Calcium channel blockers",
  C08C: "Selective calcium channel blockers with mainly vascular effects",
  C08CA: "Dihydropyridine derivatives",
  C09: "Agents acting on the renin-angiotensin system",
  C09C: "Angiotensin II receptor blockers (ARBs), plain",
  C09CA: "Angiotensin II receptor blockers (ARBs), plain",
  C10: "Lipid modifying agents",
  C10A: "Lipid modifying agents, plain",
  C10AA: "HMG CoA reductase inhibitors",
  C10AX: "Other lipid modifying agents",
  H: "Systemic hormonal preparations, excl. sex hormones and insulins",
  H02: "Corticosteroids for systemic use",
  H02A: "Corticosteroids for systemic use, plain",
  H02AB: "Glucocorticoids",
  H03: "Thyroid therapy",
  H03A: "Thyroid preparations",
  H03AA: "Thyroid hormones",
  J: "Antiinfectives for systemic use",
  J01: "Antibacterials for systemic use",
  J01C: "Beta-lactam antibacterials, penicillins",
  J01CA: "Penicillins with extended spectrum",
  J01D: "Other beta-lactam antibacterials",
  J01DB: "First-generation cephalosporins",
  J01DD: "Third-generation cephalosporins",
  J01DH: "Carbapenems",
  J01F: "Macrolides, lincosamides and streptogramins",
  J01FA: "Macrolides",
  J01M: "Quinolone antibacterials",
  J01MA: "Fluoroquinolones",
  L: "Antineoplastic and immunomodulating agents",
  L01: "Antineoplastic agents",
  L01A: "Alkylating agents",
  L01AA: "Nitrogen mustard analogues",
  L01B: "Antimetabolites",
  L01BA: "Folic acid analogues",
  L01BC: "Pyrimidine analogues",
  L01C: "Plant alkaloids and other natural products",
  L01CA: "Vinca alkaloids and analogues",
  L01CB: "Podophyllotoxin derivatives",
  L01CD: "Taxanes",
  L01CE: "Topoisomerase 1 (TOP1) inhibitors",
  L01D: "Cytotoxic antibiotics and related substances",
  L01DB: "Anthracyclines and related substances",
  L01F: "Monoclonal antibodies and antibody drug conjugates",
  L01FA: "CD20 (Clusters of Differentiation 20) inhibitors",
  L01X: "Other antineoplastic agents",
  L01XA: "Platinum compounds",
  L03: "Immunostimulants",
  L03A: "Immunostimulants",
  L03AA: "Colony stimulating factors",
  M: "Musculo-skeletal system",
  M01: "Antiinflammatory and antirheumatic products",
  M01A: "Antiinflammatory and antirheumatic products, non-steroids",
  M01AB: "Acetic acid derivatives and related substances",
  M01AH: "Coxibs",
  M04: "Antigout preparations",
  M04A: "Antigout preparations",
  M04AA: "Preparations inhibiting uric acid production",
  N: "Nervous system",
  N02: "Analgesics",
  N02B: "Other analgesics and antipyretics",
  N02BE: "Anilides",
  N05: "Psycholeptics",
  N05C: "Hypnotics and sedatives",
  N05CF: "Benzodiazepine related drugs",
  N06: "Psychoanaleptics",
  N06A: "Antidepressants",
  N06AB: "Selective serotonin reuptake inhibitors",
  N06AX: "Other antidepressants",
  N06D: "Anti-dementia drugs",
  N06DA: "Anticholinesterases",
  N06DX: "Other anti-dementia drugs",
  R: "Respiratory system",
  R03: "Drugs for obstructive airway diseases",
  R03A: "Adrenergics, inhalants",
  R03AC: "Selective beta-2-adrenoreceptor agonists",
  R03B: "Other drugs for obstructive airway diseases, inhalants",
  R03BA: "Glucocorticoids",
  R03BB: "Anticholinergics",
  R03D: "Other systemic drugs for obstructive airway diseases",
  R03DC: "Leukotriene receptor antagonists",
};

/** WHO ATC 5th-level names that differ from the RxNorm ingredient name */
const ATC5_NAMES: Record<string, string> = {
  A10AE04: "insulin glargine",
  B01AC06: "acetylsalicylic acid",
  B01AE07: "dabigatran etexilate",
  C09CA08: "olmesartan medoxomil",
  C09CA09: "azilsartan medoxomil",
  H03AA01: "levothyroxine sodium",
  L01BC53: "tegafur, combinations",
  N02BE01: "paracetamol",
  R03AC02: "salbutamol",
  R03BB04: "tiotropium bromide",
};

/** ATC levels are the code prefixes of length 1, 3, 4, 5 and 7 */
const ATC_LEVEL_LENGTHS = [1, 3, 4, 5, 7] as const;
const ATC_CLASS_IDS = ["ATC 1st", "ATC 2nd", "ATC 3rd", "ATC 4th", "ATC 5th"] as const;

/** cytotoxic ATC classes under the local "cytotoxic chemotherapy" grouping */
export const CYTOTOXIC_ATC_CLASSES = ["L01A", "L01B", "L01C", "L01D", "L01XA"] as const;

// stable local ids for ATC codes: derived from the code itself so adding a drug never renumbers others
function atcConceptId(code: string): number {
  let h = 0;
  for (const ch of code)
    h = h * 37 + (ch >= "0" && ch <= "9" ? ch.charCodeAt(0) - 47 : ch.charCodeAt(0) - 54);
  // codes have at most 7 characters over a 37-symbol alphabet; fold into a 100-million block
  return 2_000_200_000 + (h % 99_800_000);
}

export function atcConcept(code: string): number {
  return atcConceptId(code);
}

// ---------------------------------------------------------------------------------------------------------
// Laboratory tests

export interface LabDef {
  key: string;
  /** abbreviation as printed on Japanese hospital lab reports (measurement_source_value) */
  sourceValue: string;
  loinc: string;
  name: string;
  conceptId: number;
  unit: UnitDef;
  decimals: number;
  /** reference interval by sex (male, female); null = no limit on that side */
  range: { male: readonly [number | null, number | null]; female: readonly [number | null, number | null] };
}

const lab = (
  key: string,
  sourceValue: string,
  loinc: string,
  name: string,
  conceptId: number,
  unit: UnitDef,
  decimals: number,
  male: readonly [number | null, number | null],
  female: readonly [number | null, number | null] = male,
): LabDef => ({ key, sourceValue, loinc, name, conceptId, unit, decimals, range: { male, female } });

/**
 * Reference intervals are the JCCLS common reference intervals used by Japanese hospitals (ALP and LD by
 * the IFCC methods adopted in 2020); items outside that list use typical Japanese hospital intervals.
 * Values are stored in the units shown, as a standardising ETL would (platelets in 10^3/uL, not the
 * 10^4/uL printed on Japanese reports).
 */
export const LABS: readonly LabDef[] = [
  lab(
    "wbc",
    "WBC",
    "6690-2",
    "Leukocytes [#/volume] in Blood by Automated count",
    3000905,
    UNITS.thousandPerMicroliter,
    1,
    [3.3, 8.6],
  ),
  lab(
    "rbc",
    "RBC",
    "789-8",
    "Erythrocytes [#/volume] in Blood by Automated count",
    3020416,
    UNITS.millionPerMicroliter,
    2,
    [4.35, 5.55],
    [3.86, 4.92],
  ),
  lab(
    "hgb",
    "Hb",
    "718-7",
    "Hemoglobin [Mass/volume] in Blood",
    3000963,
    UNITS.gramPerDeciliter,
    1,
    [13.7, 16.8],
    [11.6, 14.8],
  ),
  lab(
    "hct",
    "Ht",
    "4544-3",
    "Hematocrit [Volume Fraction] of Blood by Automated count",
    3023314,
    UNITS.percent,
    1,
    [40.7, 50.1],
    [35.1, 44.4],
  ),
  lab(
    "mcv",
    "MCV",
    "787-2",
    "MCV [Entitic volume] by Automated count",
    3023599,
    UNITS.femtoliter,
    1,
    [83.6, 98.2],
  ),
  lab(
    "plt",
    "PLT",
    "777-3",
    "Platelets [#/volume] in Blood by Automated count",
    3024929,
    UNITS.thousandPerMicroliter,
    0,
    [158, 348],
  ),
  lab(
    "neut",
    "NEUT#",
    "751-8",
    "Neutrophils [#/volume] in Blood by Automated count",
    3013650,
    UNITS.thousandPerMicroliter,
    2,
    [1.8, 7.0],
  ),
  lab(
    "lymph",
    "LYMPH#",
    "731-0",
    "Lymphocytes [#/volume] in Blood by Automated count",
    3004327,
    UNITS.thousandPerMicroliter,
    2,
    [1.0, 3.5],
  ),
  lab(
    "tp",
    "TP",
    "2885-2",
    "Protein [Mass/volume] in Serum or Plasma",
    3020630,
    UNITS.gramPerDeciliter,
    1,
    [6.6, 8.1],
  ),
  lab(
    "alb",
    "ALB",
    "1751-7",
    "Albumin [Mass/volume] in Serum or Plasma",
    3024561,
    UNITS.gramPerDeciliter,
    1,
    [4.1, 5.1],
  ),
  lab(
    "tbil",
    "T-Bil",
    "1975-2",
    "Bilirubin.total [Mass/volume] in Serum or Plasma",
    3024128,
    UNITS.milligramPerDeciliter,
    1,
    [0.4, 1.5],
  ),
  lab(
    "ast",
    "AST",
    "1920-8",
    "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma",
    3013721,
    UNITS.unitPerLiter,
    0,
    [13, 30],
  ),
  lab(
    "alt",
    "ALT",
    "1742-6",
    "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma",
    3006923,
    UNITS.unitPerLiter,
    0,
    [10, 42],
    [7, 23],
  ),
  // LD: the OMOP concept for LOINC 2532-0 could not be verified, so this one is local
  lab(
    "ld",
    "LD",
    "2532-0",
    "Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma",
    2_000_401_001,
    UNITS.unitPerLiter,
    0,
    [124, 222],
  ),
  lab(
    "alp",
    "ALP",
    "6768-6",
    "Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma",
    3035995,
    UNITS.unitPerLiter,
    0,
    [38, 113],
  ),
  lab(
    "ggt",
    "γ-GT",
    "2324-2",
    "Gamma glutamyl transferase [Enzymatic activity/volume] in Serum or Plasma",
    3026910,
    UNITS.unitPerLiter,
    0,
    [13, 64],
    [9, 32],
  ),
  lab(
    "ck",
    "CK",
    "2157-6",
    "Creatine kinase [Enzymatic activity/volume] in Serum or Plasma",
    3007220,
    UNITS.unitPerLiter,
    0,
    [59, 248],
    [41, 153],
  ),
  lab(
    "amy",
    "AMY",
    "1798-8",
    "Amylase [Enzymatic activity/volume] in Serum or Plasma",
    3016771,
    UNITS.unitPerLiter,
    0,
    [44, 132],
  ),
  lab(
    "bun",
    "UN",
    "3094-0",
    "Urea nitrogen [Mass/volume] in Serum or Plasma",
    3013682,
    UNITS.milligramPerDeciliter,
    1,
    [8, 20],
  ),
  lab(
    "cre",
    "CRE",
    "2160-0",
    "Creatinine [Mass/volume] in Serum or Plasma",
    3016723,
    UNITS.milligramPerDeciliter,
    2,
    [0.65, 1.07],
    [0.46, 0.79],
  ),
  lab(
    "egfr",
    "eGFR",
    "69405-9",
    "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood",
    40771922,
    UNITS.mlPerMin173,
    1,
    [60, null],
  ),
  lab(
    "ua",
    "UA",
    "3084-1",
    "Urate [Mass/volume] in Serum or Plasma",
    3037556,
    UNITS.milligramPerDeciliter,
    1,
    [3.7, 7.8],
    [2.6, 5.5],
  ),
  lab(
    "na",
    "Na",
    "2951-2",
    "Sodium [Moles/volume] in Serum or Plasma",
    3019550,
    UNITS.millimolePerLiter,
    0,
    [138, 145],
  ),
  lab(
    "k",
    "K",
    "2823-3",
    "Potassium [Moles/volume] in Serum or Plasma",
    3023103,
    UNITS.millimolePerLiter,
    1,
    [3.6, 4.8],
  ),
  lab(
    "cl",
    "Cl",
    "2075-0",
    "Chloride [Moles/volume] in Serum or Plasma",
    3014576,
    UNITS.millimolePerLiter,
    0,
    [101, 108],
  ),
  lab(
    "ca",
    "Ca",
    "17861-6",
    "Calcium [Mass/volume] in Serum or Plasma",
    3006906,
    UNITS.milligramPerDeciliter,
    1,
    [8.8, 10.1],
  ),
  lab(
    "mg",
    "Mg",
    "19123-9",
    "Magnesium [Mass/volume] in Serum or Plasma",
    3001420,
    UNITS.milligramPerDeciliter,
    1,
    [1.8, 2.4],
  ),
  lab(
    "ip",
    "IP",
    "2777-1",
    "Phosphate [Mass/volume] in Serum or Plasma",
    3011904,
    UNITS.milligramPerDeciliter,
    1,
    [2.7, 4.6],
  ),
  lab(
    "glu",
    "GLU",
    "2345-7",
    "Glucose [Mass/volume] in Serum or Plasma",
    3004501,
    UNITS.milligramPerDeciliter,
    0,
    [73, 109],
  ),
  lab(
    "hba1c",
    "HbA1c",
    "4548-4",
    "Hemoglobin A1c/Hemoglobin.total in Blood",
    3004410,
    UNITS.percent,
    1,
    [4.9, 6.0],
  ),
  lab(
    "tc",
    "T-CHO",
    "2093-3",
    "Cholesterol [Mass/volume] in Serum or Plasma",
    3027114,
    UNITS.milligramPerDeciliter,
    0,
    [142, 248],
  ),
  lab(
    "ldl",
    "LDL-C",
    "18262-6",
    "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay",
    3009966,
    UNITS.milligramPerDeciliter,
    0,
    [65, 163],
  ),
  lab(
    "hdl",
    "HDL-C",
    "2085-9",
    "Cholesterol in HDL [Mass/volume] in Serum or Plasma",
    3007070,
    UNITS.milligramPerDeciliter,
    0,
    [38, 90],
    [48, 103],
  ),
  lab(
    "tg",
    "TG",
    "2571-8",
    "Triglyceride [Mass/volume] in Serum or Plasma",
    3022192,
    UNITS.milligramPerDeciliter,
    0,
    [40, 234],
    [30, 117],
  ),
  lab(
    "crp",
    "CRP",
    "1988-5",
    "C reactive protein [Mass/volume] in Serum or Plasma",
    3020460,
    UNITS.milligramPerDeciliter,
    2,
    [0, 0.14],
  ),
  lab(
    "inr",
    "PT-INR",
    "6301-6",
    "INR in Platelet poor plasma by Coagulation assay",
    3022217,
    UNITS.ratio,
    2,
    [0.85, 1.15],
  ),
  lab(
    "aptt",
    "APTT",
    "3173-2",
    "aPTT in Platelet poor plasma by Coagulation assay",
    3018677,
    UNITS.second,
    1,
    [24, 39],
  ),
  lab(
    "tsh",
    "TSH",
    "3016-3",
    "Thyrotropin [Units/volume] in Serum or Plasma",
    3009201,
    UNITS.milliIuPerLiter,
    2,
    [0.5, 5.0],
  ),
  lab(
    "ft4",
    "FT4",
    "3024-7",
    "Thyroxine (T4) free [Mass/volume] in Serum or Plasma",
    3008598,
    UNITS.nanogramPerDeciliter,
    2,
    [0.9, 1.7],
  ),
  lab(
    "bnp",
    "BNP",
    "30934-4",
    "Natriuretic peptide B [Mass/volume] in Serum or Plasma",
    3011960,
    UNITS.picogramPerMilliliter,
    1,
    [0, 18.4],
  ),
  lab(
    "ferritin",
    "Ferritin",
    "2276-4",
    "Ferritin [Mass/volume] in Serum or Plasma",
    3001122,
    UNITS.nanogramPerMilliliter,
    0,
    [20, 250],
    [5, 150],
  ),
];

function indexer<T extends { key: string }>(items: readonly T[], what: string): (key: string) => number {
  const map = new Map(items.map((item, i) => [item.key, i]));
  return (key) => {
    const i = map.get(key);
    if (i === undefined) throw new Error(`unknown ${what}: ${key}`);
    return i;
  };
}

export const conditionIndex = indexer(CONDITIONS, "condition");
export const drugIndex = indexer(DRUGS, "drug");
export const labIndex = indexer(LABS, "lab");

export function conditionDef(key: string): ConditionDef {
  return CONDITIONS[conditionIndex(key)] as ConditionDef;
}
export function drugDef(key: string): DrugDef {
  return DRUGS[drugIndex(key)] as DrugDef;
}
export function labDef(key: string): LabDef {
  return LABS[labIndex(key)] as LabDef;
}

// ---------------------------------------------------------------------------------------------------------
// The concept rows and the hierarchy

function buildConcepts(): { concepts: ConceptRow[]; ancestors: AncestorRow[] } {
  const concepts = new Map<number, ConceptRow>();
  const add = (row: ConceptRow) => {
    const existing = concepts.get(row.conceptId);
    if (existing && existing.conceptCode !== row.conceptCode) {
      throw new Error(`concept id ${row.conceptId} used for ${existing.conceptCode} and ${row.conceptCode}`);
    }
    concepts.set(row.conceptId, row);
  };
  const ancestors: AncestorRow[] = [];
  const self = (id: number) =>
    ancestors.push({ ancestorConceptId: id, descendantConceptId: id, minLevels: 0, maxLevels: 0 });

  add({
    conceptId: GENDER.male,
    conceptName: "MALE",
    domainId: "Gender",
    vocabularyId: "Gender",
    conceptClassId: "Gender",
    standardConcept: "S",
    conceptCode: "M",
  });
  add({
    conceptId: GENDER.female,
    conceptName: "FEMALE",
    domainId: "Gender",
    vocabularyId: "Gender",
    conceptClassId: "Gender",
    standardConcept: "S",
    conceptCode: "F",
  });
  add({
    conceptId: VISIT.inpatient,
    conceptName: "Inpatient Visit",
    domainId: "Visit",
    vocabularyId: "Visit",
    conceptClassId: "Visit",
    standardConcept: "S",
    conceptCode: "IP",
  });
  add({
    conceptId: VISIT.outpatient,
    conceptName: "Outpatient Visit",
    domainId: "Visit",
    vocabularyId: "Visit",
    conceptClassId: "Visit",
    standardConcept: "S",
    conceptCode: "OP",
  });
  add({
    conceptId: VISIT.emergency,
    conceptName: "Emergency Room Visit",
    domainId: "Visit",
    vocabularyId: "Visit",
    conceptClassId: "Visit",
    standardConcept: "S",
    conceptCode: "ER",
  });
  add({
    conceptId: TYPE_EHR,
    conceptName: "EHR",
    domainId: "Type Concept",
    vocabularyId: "Type Concept",
    conceptClassId: "Type Concept",
    standardConcept: "S",
    conceptCode: "OMOP4976890",
  });
  add({
    conceptId: CDM_VERSION_LOCAL,
    conceptName: "OMOP CDM Version 5.4 (site-local placeholder)",
    domainId: "Metadata",
    vocabularyId: LOCAL_VOCABULARY,
    conceptClassId: "CDM",
    standardConcept: null,
    conceptCode: "CDM v5.4",
  });
  for (const unit of Object.values(UNITS)) {
    add({
      conceptId: unit.conceptId,
      conceptName: unit.name,
      domainId: "Unit",
      vocabularyId: "UCUM",
      conceptClassId: "Unit",
      standardConcept: "S",
      conceptCode: unit.ucum,
    });
  }

  add({
    conceptId: MALIGNANT_NEOPLASTIC_DISEASE,
    conceptName: "Malignant neoplastic disease",
    domainId: "Condition",
    vocabularyId: "SNOMED",
    conceptClassId: "Clinical Finding",
    standardConcept: "S",
    conceptCode: "363346000",
  });
  self(MALIGNANT_NEOPLASTIC_DISEASE);
  for (const c of CONDITIONS) {
    const local = c.snomedCode === null;
    add({
      conceptId: c.sourceConceptId,
      conceptName: c.icd10Name,
      domainId: "Condition",
      vocabularyId: LOCAL_VOCABULARY,
      conceptClassId: "ICD10 code",
      // a local ICD-10 concept is its own standard concept when no SNOMED concept could be verified
      standardConcept: local ? "S" : null,
      conceptCode: c.icd10,
    });
    if (!local) {
      add({
        conceptId: c.conceptId,
        conceptName: c.conceptName,
        domainId: "Condition",
        vocabularyId: "SNOMED",
        conceptClassId: "Clinical Finding",
        standardConcept: "S",
        conceptCode: c.snomedCode ?? "",
      });
    }
    self(c.conceptId);
    if (c.malignant) {
      ancestors.push({
        ancestorConceptId: MALIGNANT_NEOPLASTIC_DISEASE,
        descendantConceptId: c.conceptId,
        minLevels: 1,
        maxLevels: 1,
      });
    }
  }

  // ATC hierarchy: ATC 1st..4th classes, the ATC 5th class, then the ingredient below it
  const atcSeen = new Set<string>();
  for (const d of DRUGS) {
    add({
      conceptId: d.conceptId,
      conceptName: d.name,
      domainId: "Drug",
      vocabularyId: d.rxcui === null ? LOCAL_VOCABULARY : "RxNorm",
      conceptClassId: "Ingredient",
      standardConcept: "S",
      conceptCode: d.rxcui ?? d.atc,
    });
    self(d.conceptId);
    const chain = ATC_LEVEL_LENGTHS.map((n) => d.atc.slice(0, n));
    chain.forEach((code, level) => {
      if (!atcSeen.has(code)) {
        atcSeen.add(code);
        const name = level === 4 ? (ATC5_NAMES[code] ?? d.name) : ATC_CLASS_NAMES[code];
        if (name === undefined) throw new Error(`ATC class name missing for ${code}`);
        add({
          conceptId: atcConceptId(code),
          conceptName: name,
          domainId: "Drug",
          vocabularyId: LOCAL_VOCABULARY,
          conceptClassId: ATC_CLASS_IDS[level] ?? "ATC",
          standardConcept: "C",
          conceptCode: code,
        });
        self(atcConceptId(code));
        // each ATC class is an ancestor of the deeper ATC classes in its chain (added once per class pair)
        for (let up = 0; up < level; up++) {
          const ancestorCode = chain[up] as string;
          ancestors.push({
            ancestorConceptId: atcConceptId(ancestorCode),
            descendantConceptId: atcConceptId(code),
            minLevels: level - up,
            maxLevels: level - up,
          });
        }
      }
      ancestors.push({
        ancestorConceptId: atcConceptId(code),
        descendantConceptId: d.conceptId,
        minLevels: 5 - level,
        maxLevels: 5 - level,
      });
    });
  }

  add({
    conceptId: CYTOTOXIC_CHEMOTHERAPY_GROUP,
    conceptName: "Cytotoxic chemotherapy (site-local grouping of ATC L01A, L01B, L01C, L01D, L01XA)",
    domainId: "Drug",
    vocabularyId: LOCAL_VOCABULARY,
    conceptClassId: "Drug Class",
    standardConcept: "C",
    conceptCode: "KH-CYTOTOXIC",
  });
  self(CYTOTOXIC_CHEMOTHERAPY_GROUP);
  for (const a of [...ancestors]) {
    const code = concepts.get(a.ancestorConceptId)?.conceptCode ?? "";
    if (a.minLevels === 0 || !(CYTOTOXIC_ATC_CLASSES as readonly string[]).includes(code)) continue;
    if (concepts.get(a.ancestorConceptId)?.vocabularyId !== LOCAL_VOCABULARY) continue;
    ancestors.push({
      ancestorConceptId: CYTOTOXIC_CHEMOTHERAPY_GROUP,
      descendantConceptId: a.descendantConceptId,
      minLevels: a.minLevels + 1,
      maxLevels: a.maxLevels + 1,
    });
  }
  for (const code of CYTOTOXIC_ATC_CLASSES) {
    ancestors.push({
      ancestorConceptId: CYTOTOXIC_CHEMOTHERAPY_GROUP,
      descendantConceptId: atcConceptId(code),
      minLevels: 1,
      maxLevels: 1,
    });
  }

  for (const l of LABS) {
    const local = l.conceptId >= LOCAL_CONCEPT_MIN;
    add({
      conceptId: l.conceptId,
      conceptName: l.name,
      domainId: "Measurement",
      vocabularyId: local ? LOCAL_VOCABULARY : "LOINC",
      conceptClassId: "Lab Test",
      standardConcept: "S",
      conceptCode: l.loinc,
    });
    self(l.conceptId);
  }

  return { concepts: [...concepts.values()], ancestors };
}

const built = buildConcepts();

/** Every concept row the generator writes to `concept` (and the only concept ids it uses). */
export const SYNTHETIC_CONCEPTS: readonly ConceptRow[] = built.concepts;
/** The `concept_ancestor` rows: ATC classes over ingredients, cancers under malignant neoplastic disease. */
export const SYNTHETIC_CONCEPT_ANCESTORS: readonly AncestorRow[] = built.ancestors;
