import { describe, expect, it } from "vitest";
import { emaRecord, fdaRecord, fixtureLoads, pmdaRecord } from "../testSupport.ts";
import { matchIngredients, typoApart } from "./match.ts";

describe("typoApart", () => {
  it("accepts the slips found in the real files", () => {
    expect(typoApart("clofarbin", "clofarabin")).toBe(true); // a vowel left out (FDA "clofarbine")
    expect(typoApart("silodoshin", "silodosin")).toBe(true); // an h added (PMDA "Silodoshin")
    expect(typoApart("diquafosoi", "diquafosol")).toBe(true); // l read as i
    expect(typoApart("voxilaprevi", "voxilaprevir")).toBe(true); // a long name cut short
    expect(typoApart("pentetreotid", "pentetoreotid")).toBe(true);
  });

  it("refuses consonant and digit changes, which make other medicines", () => {
    expect(typoApart("rifamicin", "rifampicin")).toBe(false);
    expect(typoApart("epetinteta", "epetinbeta")).toBe(false);
    expect(typoApart("interferongamma1a", "interferongamma1b")).toBe(false);
    expect(typoApart("abc", "abc")).toBe(false);
    expect(typoApart("abcdefgh", "abcdefghij")).toBe(false);
  });
});

describe("matchIngredients", () => {
  const loads = fixtureLoads({
    fda: [
      fdaRecord(2, "osimertinib mesylate", "2015-11-13"),
      fdaRecord(3, "clofarbine", "2004-12-28"),
      fdaRecord(4, "azilsartan medoxomil", "2011-02-25"),
      fdaRecord(5, "mifepristone", "2000-09-28"),
      fdaRecord(6, "misoprostol", "1988-12-27"),
      fdaRecord(7, "rifamycin", "2018-11-16"),
      fdaRecord(8, "usonlyzumab", "2020-01-01"),
      fdaRecord(9, "glecaprevir, pibrentasvir", "2017-08-03"),
      fdaRecord(10, "paliperidone", "2006-12-19"),
    ],
    ema: [
      emaRecord(10, "osimertinib", "2016-02-01"),
      emaRecord(11, "abcdefghia", "2010-01-01"),
      emaRecord(12, "abcdefghio", "2010-01-01"),
    ],
    pmda: [
      pmdaRecord(2, "Osimertinib mesilate", "2016-03-28"),
      pmdaRecord(3, "Clofarabine", "2013-08-20"),
      pmdaRecord(4, "Azilsartan", "2012-01-18"),
      pmdaRecord(5, "Rifampicin", "2008-01-01", { newActiveIngredient: false }),
      pmdaRecord(6, "Abcdefghi", "2011-01-01"),
      pmdaRecord(7, "Jponlyinib", "2019-01-01"),
      pmdaRecord(8, "Glecaprevir hydrate Pibrentasvir", "2017-09-27"),
      pmdaRecord(9, "Paliperidone palmitate", "2013-11-22"),
    ],
  });
  const m = matchIngredients(loads);

  it("matches the same ingredient exactly across salts and spellings", () => {
    const r = m.resolve("Osimertinib mesilate");
    expect(r).toMatchObject({ key: "osimertinib", how: "exact" });
    expect([...m.regionsOf("osimertinib")].sort()).toEqual(["eu", "jp", "us"]);
  });

  it("matches a one-letter slip, and reports it as fuzzy", () => {
    expect(m.resolve("clofarbine").key).toBe(m.resolve("Clofarabine").key);
    expect(m.fuzzy).toContainEqual(
      expect.objectContaining({ source: "fda", name: "clofarbine", how: "fuzzy" }),
    );
  });

  it("matches a bare moiety to its prodrug ester, and reports it", () => {
    expect(m.resolve("Azilsartan").key).toBe(m.resolve("azilsartan medoxomil").key);
    expect(m.fuzzy).toContainEqual(expect.objectContaining({ name: "Azilsartan", how: "ester" }));
    // a depot ester is not a prodrug: paliperidone palmitate stays its own medicine
    expect(m.resolve("Paliperidone palmitate").key).not.toBe(m.resolve("paliperidone").key);
  });

  it("cuts a name without separators into a combination another region names", () => {
    expect(m.resolve("Glecaprevir hydrate Pibrentasvir")).toMatchObject({
      key: m.resolve("glecaprevir, pibrentasvir").key,
      how: "split",
    });
  });

  it("never matches a consonant change (rifamycin is not rifampicin)", () => {
    expect(m.resolve("rifamycin").key).not.toBe(m.resolve("Rifampicin").key);
  });

  it("reports a name with two fuzzy candidates as ambiguous and leaves it unmatched", () => {
    const a = m.ambiguous.find((x) => x.name === "Abcdefghi");
    expect(a).toMatchObject({ source: "pmda", how: "fuzzy", rows: [6] });
    expect(a?.candidates).toEqual([m.resolve("abcdefghia").key, m.resolve("abcdefghio").key].sort());
    expect(m.resolve("Abcdefghi").how).toBe("exact");
  });

  it("lists first-approval names that no other region names", () => {
    const unmatched = m.unmatched.map((u) => `${u.source}:${u.name}`);
    expect(unmatched).toContain("fda:usonlyzumab");
    expect(unmatched).toContain("pmda:Jponlyinib");
    expect(unmatched).toContain("pmda:Abcdefghi");
    expect(unmatched).not.toContain("pmda:Osimertinib mesilate");
    expect(unmatched).not.toContain("fda:clofarbine");
    // a partial change is not a first approval, so it is not listed
    expect(unmatched).not.toContain("pmda:Rifampicin");
  });

  it("merges two one-region spellings in one direction only", () => {
    const both = matchIngredients(
      fixtureLoads({
        fda: [fdaRecord(2, "tazobactam sodium, pipercillin sodium", "1993-10-22")],
        pmda: [
          pmdaRecord(2, "Tazobactam/Piperacillin hydrate", "2008-07-16"),
          pmdaRecord(3, "Tazobactam/ piperacillin hydrate", "2012-01-01", { newActiveIngredient: false }),
        ],
      }),
    );
    expect(both.resolve("tazobactam sodium, pipercillin sodium").key).toBe(
      both.resolve("Tazobactam/Piperacillin hydrate").key,
    );
    expect(both.fuzzy).toHaveLength(1);
    expect(both.unmatched).toEqual([]);
  });

  it("does only exact matching when asked", () => {
    const exact = matchIngredients(loads, { exactOnly: true });
    expect(exact.fuzzy).toEqual([]);
    expect(exact.resolve("clofarbine").key).not.toBe(exact.resolve("Clofarabine").key);
  });
});
