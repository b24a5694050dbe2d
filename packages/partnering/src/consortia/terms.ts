/** What a member organisation does in a consortium; an observer (e.g. the regulator) reads and discusses. */
export const MEMBER_ROLES = ["lead", "academic", "industry", "clinical_site", "observer"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const SPECIMEN_TYPES = [
  "serum",
  "plasma",
  "whole_blood",
  "pbmc",
  "csf",
  "urine",
  "stool",
  "tissue_ffpe",
  "tissue_frozen",
  "dna",
  "rna",
] as const;
export type SpecimenType = (typeof SPECIMEN_TYPES)[number];

/**
 * Clinical information that may come with a specimen set, recorded only as available or not: the
 * catalogue says what exists, never what any person's values are.
 */
export const CLINICAL_DATA_ITEMS = [
  "diagnosis",
  "disease_stage",
  "treatment_history",
  "lab_values",
  "imaging",
  "genomic_profile",
  "outcome_follow_up",
] as const;
export type ClinicalDataItem = (typeof CLINICAL_DATA_ITEMS)[number];
