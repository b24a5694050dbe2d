import { describe, expect, it } from "vitest";
import { type Actor, canManageOrganisations, canReadAudit, canReadOrganisationPrivate } from "./access.ts";

const researcher: Actor = { userId: "u1", organisationId: "uni", roles: ["researcher"] };
const company: Actor = { userId: "u2", organisationId: "pharma", roles: ["company"] };
const admin: Actor = { userId: "u3", organisationId: "funder", roles: ["admin"] };

describe("access rules", () => {
  it("keeps an organisation's private data to its members and admins", () => {
    expect(canReadOrganisationPrivate(researcher, "uni")).toBe(true);
    expect(canReadOrganisationPrivate(company, "uni")).toBe(false);
    expect(canReadOrganisationPrivate(admin, "uni")).toBe(true);
  });

  it("lets only admins manage organisations and read the audit trail", () => {
    for (const actor of [researcher, company]) {
      expect(canManageOrganisations(actor)).toBe(false);
      expect(canReadAudit(actor)).toBe(false);
    }
    expect(canManageOrganisations(admin)).toBe(true);
    expect(canReadAudit(admin)).toBe(true);
  });
});
