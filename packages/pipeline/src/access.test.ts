import type { Actor } from "@kakehashi/core";
import { describe, expect, it } from "vitest";
import { canEditSeed, canRequestAccess, canViewKpis, isGrantActive, seedAccess } from "./access.ts";

const uni = "org-uni";
const pharma = "org-pharma";
const seed = { organisationId: uni };
const researcher: Actor = { userId: "r", organisationId: uni, roles: ["researcher"] };
const company: Actor = { userId: "c", organisationId: pharma, roles: ["company"] };
const otherCompany: Actor = { userId: "o", organisationId: "org-other", roles: ["company"] };
const funder: Actor = { userId: "f", organisationId: "org-funder", roles: ["funder"] };
const adminElsewhere: Actor = { userId: "a", organisationId: "org-funder", roles: ["admin"] };
const today = "2026-06-15";

describe("seed access", () => {
  it("gives owners everything and others the public summary", () => {
    expect(seedAccess(researcher, seed, [], today)).toBe("owner");
    expect(seedAccess(company, seed, [], today)).toBe("public");
    expect(seedAccess(funder, seed, [], today)).toBe("public");
    expect(seedAccess(adminElsewhere, seed, [], today)).toBe("public");
  });

  it("opens the confidential part to a company only while its grant is active and unexpired", () => {
    const grant = (status: string, expiresOn: string | null) => [
      { organisationId: pharma, status, expiresOn },
    ];
    expect(seedAccess(company, seed, grant("active", "2026-06-15"), today)).toBe("grant");
    expect(seedAccess(company, seed, grant("active", null), today)).toBe("grant");
    expect(seedAccess(company, seed, grant("active", "2026-06-14"), today)).toBe("public");
    expect(seedAccess(company, seed, grant("requested", null), today)).toBe("public");
    expect(seedAccess(company, seed, grant("revoked", null), today)).toBe("public");
    expect(seedAccess(company, seed, grant("declined", null), today)).toBe("public");
    expect(seedAccess(otherCompany, seed, grant("active", null), today)).toBe("public");
    // a funder in the granted organisation is not a partner: grants are for companies and investors
    expect(seedAccess({ ...funder, organisationId: pharma }, seed, grant("active", null), today)).toBe(
      "public",
    );
    expect(isGrantActive({ organisationId: pharma, status: "active", expiresOn: "2026-06-15" }, today)).toBe(
      true,
    );
  });

  it("lets only owners edit, only partners request access, and steering roles see KPIs", () => {
    expect(canEditSeed(researcher, seed)).toBe(true);
    expect(canEditSeed(company, seed)).toBe(false);
    expect(canEditSeed({ ...researcher, roles: ["mentor"] }, seed)).toBe(false);
    expect(canRequestAccess(company, seed)).toBe(true);
    expect(canRequestAccess(researcher, seed)).toBe(false);
    expect(canRequestAccess({ ...company, organisationId: uni }, seed)).toBe(false);
    expect(canViewKpis(funder)).toBe(true);
    expect(canViewKpis(company)).toBe(false);
    expect(canViewKpis(researcher)).toBe(false);
  });
});
