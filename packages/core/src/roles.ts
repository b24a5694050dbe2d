import { z } from "zod";

export const ROLES = [
  "researcher",
  "tlo",
  "company",
  "investor",
  "funder",
  "regulator",
  "mentor",
  "analyst",
  "admin",
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ORGANISATION_KINDS = [
  "university",
  "company",
  "investor",
  "funder",
  "regulator",
  "hospital",
] as const;
export const OrganisationKind = z.enum(ORGANISATION_KINDS);
export type OrganisationKind = z.infer<typeof OrganisationKind>;
