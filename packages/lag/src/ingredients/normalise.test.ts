import { describe, expect, it } from "vitest";
import { ingredientKey, normaliseIngredient, splitProducts } from "./normalise.ts";
import { defaultOverrides, parseOverrides } from "./overrides.ts";
import { foldWord, SPELLING_RULES } from "./spelling.ts";

const key = (name: string) => ingredientKey(name);
const same = (a: string, b: string) => expect(key(a), `${a} / ${b}`).toBe(key(b));
const differ = (a: string, b: string) => expect(key(a), `${a} / ${b}`).not.toBe(key(b));

describe("normaliseIngredient", () => {
  it("ignores case, spaces and punctuation", () => {
    same("Insulin  Degludec", "insulin degludec");
    same("Peginterferon alfa- 2b", "peginterferon alfa-2b");
    same("Drospirenone/ethinyl estradiol", "drospirenone, ethinylestradiol");
  });

  it("strips salts (JAN and USAN spellings) but not the active part", () => {
    same("Osimertinib mesilate", "osimertinib mesylate");
    same("Remimazolam besilate", "remimazolam besylate");
    same("Edoxaban tosilate hydrate", "edoxaban tosylate");
    same("Cefiderocol tosilate sulfate hydrate", "cefiderocol");
    same("Avatrombopag maleate", "avatrombopag");
    same("Bedaquiline fumarate", "bedaquiline");
    same("Sugammadex sodium", "sugammadex");
    same("Icatibant acetate", "icatibant");
    same("Eltrombopag olamine", "eltrombopag");
    same("Ipragliflozin L-proline", "ipragliflozin");
    same("Ensitrelvir fumaric acid", "ensitrelvir");
    same("mexiletine hcl", "mexiletine hydrochloride");
    expect(normaliseIngredient("Osimertinib mesilate").rules).toContain("salt");
  });

  it("keeps a salt word that is the drug: element salts, alkyl esters, leading cations", () => {
    expect(normaliseIngredient("Zinc acetate dihydrate").names).toEqual(["zinc acetate"]);
    expect(normaliseIngredient("lanthanum carbonate hydrate").names).toEqual(["lanthanum carbonate"]);
    expect(normaliseIngredient("Ferric citrate hydrate").names).toEqual(["ferric citrate"]);
    // "sodium" in "docusate sodium" is a salt; in "sodium phenylbutyrate" it leads and stays
    expect(normaliseIngredient("docusate sodium").names).toEqual(["docusate"]);
    expect(normaliseIngredient("Sodium phenylbutyrate").names).toEqual(["sodium phenylbutyrate"]);
    differ("sodium oxybate", "oxybate");
    expect(normaliseIngredient("Dimethyl fumarate").names).toEqual(["dimethyl fumarate"]);
    expect(normaliseIngredient("Dimethyl sulfoxide").names).toEqual(["dimethyl sulfoxide"]);
    differ("potassium chloride", "sodium chloride");
  });

  it("strips hydrates, solvates and clathrates", () => {
    same("Tiotropium Bromide Hydrate", "tiotropium bromide");
    same("Dapagliflozin propylene glycolate hydrate", "dapagliflozin propanediol monohydrate");
    same("Trametinib dimethyl sulfoxide", "trametinib");
    same("Cabazitaxel acetonate", "cabazitaxel");
    same("Darunavir ethanolate", "darunavir");
    same("Drospirenone/Ethinylestradiol betadex", "drospirenone, ethinyl estradiol");
    expect(normaliseIngredient("Lenalidomide hydrate").rules).toContain("hydrate-solvate");
  });

  it("keeps esters that make another product, and drops salt remarks in parentheses", () => {
    differ("Fluticasone furoate", "fluticasone propionate");
    differ("Paliperidone palmitate", "paliperidone");
    differ("Dexamethasone cipecilate", "dexamethasone");
    differ("tenofovir alafenamide", "tenofovir disoproxil fumarate");
    same("tenofovir disoproxil", "Tenofovir disoproxil fumarate");
    same("abacavir (as sulfate)", "Abacavir Sulfate");
    same("Indacaterol (acetate)", "indacaterol maleate");
    same("cabozantinib (s)-malate", "Cabozantinib malate");
  });

  it("reads -ic acid and -ate as one form", () => {
    same("ibandronic acid", "Ibandronate sodium hydrate");
    same("Aminolevulinic acid hydrochloride", "aminolevulinate");
    expect(normaliseIngredient("ibandronic acid").rules).toContain("acid-ate");
    differ("mycophenolic acid", "mycophenolate mofetil");
  });

  it("removes the FDA's biological suffixes and prefixes, never the INN", () => {
    same("trastuzumab-dkst", "trastuzumab");
    same("ado-trastuzumab emtansine", "Trastuzumab emtansine");
    same("fam-trastuzumab deruxtecan-nxki", "Trastuzumab deruxtecan");
    same("ropeginterferon alfa-2b-njft", "Ropeginterferon alfa-2b");
    same("asparaginase erwinia chrysanthemi (recombinant)-rywn", "Crisantaspase");
    same("tbo-filgrastim", "filgrastim");
    differ("trastuzumab emtansine", "trastuzumab");
    differ("pegfilgrastim", "filgrastim");
    differ("epoetin alfa", "epoetin beta");
    differ("interferon beta-1a", "interferon beta-1b");
    // "-acid" is not a suffix
    expect(normaliseIngredient("omega-3-acid ethyl esters").names).toEqual(["omega-3-acid ethyl esters"]);
    expect(normaliseIngredient("emicizumab-kxwh").rules).toContain("biologic-affix");
  });

  it("removes the JAN tags (genetical recombination, biosimilar numbers) and FDA qualifiers", () => {
    same("Burosumab (genetical recombination)", "burosumab");
    same("Etanercept (genetic recombination)", "etanercept");
    same("Golimumab (genetical reco", "golimumab");
    same("Panitumumab (genetical recombination）", "panitumumab");
    same("follitropin alfa \u1ca2genetical recombination\u1ca3", "follitropin alfa");
    same("Filgrastim [filgrastim biosimilar 2]", "filgrastim");
    same("teduglutide (rDNA origin)", "teduglutide");
    same("insulin aspart recombinant", "insulin aspart");
    same("drotrecogin alfa (activated)", "drotrecogin alfa");
    same("Elasomeran (former ingredient name: CX- 024414)", "elasomeran");
    expect(normaliseIngredient("Burosumab (genetical recombination)").rules).toContain("jan-tag");
  });

  it("writes radionuclides one way: USAN F 18, INN (18F), reversed (F18), element name with mass", () => {
    same("florbetapir F 18", "Florbetapir (18F)");
    same("fludeoxyglucose F 18", "fludeoxyglucose (F18)");
    same("ioflupane I 123", "Ioflupane (123I)");
    same("radium Ra 223 dichloride", "Radium (223Ra) dichloride");
    same("13 C Urea", "urea (13C)");
    same("13C-urea", "urea (13C)");
    same("strontium 89 chloride", "Strontium (89Sr) chloride");
    same("samarium Sm 153 lexidronam", "samarium [153Sm] lexidronam pentasodium");
    differ("iobenguane I 123", "iobenguane I 131");
    differ("Ioflupane (123I)", "ioflupane");
    expect(key("florbetapir F 18")).toBe("florbetapir-18f");
  });

  it("splits combinations on every separator, in any order", () => {
    const k = key("sacubitril, valsartan");
    for (const v of [
      "valsartan and sacubitril",
      "sacubitril / valsartan",
      "sacubitril + valsartan",
      "valsartan; sacubitril",
    ])
      expect(key(v), v).toBe(k);
    const n = normaliseIngredient("Pertuzumab , Trastuzumab , and Vorhyaluronidase alfa");
    expect(n.components).toHaveLength(3);
    expect(n.combination).toBe(true);
    same("nirmatrelvir; ritonavir (co-packaged)", "Nirmatrelvir/Ritonavir");
    same("(1) Umeclidinium bromide/ (2) Vilanterol trifenatate", "umeclidinium, vilanterol");
    // the same moiety twice is one component
    expect(normaliseIngredient("ioxaglate meglumine, ioxaglate sodium").components).toHaveLength(1);
  });

  it("does not split numbers, units or the descriptions of vaccines and extracts", () => {
    expect(
      normaliseIngredient("Pneumococcal polysaccharides of serotypes 1, 3, 4, 5 conjugated").components,
    ).toHaveLength(1);
    expect(
      normaliseIngredient(
        "Dermatophagoides farinae extract 10,000 AU/mL, Dermatophagoides pteronyssinus extract 10,000 AU/mL",
      ).components,
    ).toHaveLength(1);
    expect(normaliseIngredient("2,4-dinitrophenol").components).toHaveLength(1);
  });

  it("applies the override table, before and after salts are stripped", () => {
    same("albuterol", "salbutamol");
    same("lutetium Lu 177 dotatate", "Lutetium (177Lu) oxodotreotide");
    same("Lidocaine/propitocaine", "lidocaine, prilocaine hydrochloride");
    same("glycopyrrolate", "Glycopyrronium bromide");
    same("Sacubitril valsartan sodium hydrate", "sacubitril, valsartan");
    expect(normaliseIngredient("albuterol").rules).toContain("override");
    // an override of a whole cell that names several products
    expect(splitProducts("Daclatasvir hydrochloride\nAsunaprevir")).toEqual(["daclatasvir", "asunaprevir"]);
    expect(normaliseIngredient("Daclatasvir hydrochloride Asunaprevir").rules).toContain("several-products");
    expect(splitProducts("Danicopan")).toEqual(["Danicopan"]);
    expect(splitProducts("  ")).toEqual([]);
  });

  it("gives an empty key for an empty name", () => {
    expect(normaliseIngredient("  ")).toMatchObject({ key: "", components: [] });
  });
});

describe("spelling rules (JAN / INN / USAN)", () => {
  for (const rule of SPELLING_RULES)
    it(`${rule.id}: ${rule.example[0]} = ${rule.example[1]}`, () => {
      const [a, b] = rule.example;
      expect(foldWord(a)).toBe(foldWord(b));
      // the rule is needed: without it the pair differs
      const without = (w: string) =>
        SPELLING_RULES.filter((r) => r !== rule).reduce((x, r) => x.replace(r.pattern, r.replacement), w);
      expect(without(a)).not.toBe(without(b));
    });

  it("make the real JAN/USAN pairs equal", () => {
    same("Mesalazine", "mesalamine");
    same("cephalexin", "cefalexin");
    same("turoctocog alpha", "Turoctocog alfa");
    same("lisdexamfetamine dimesylate", "Lisdexamfetamine mesilate");
  });
});

describe("override table", () => {
  const table = defaultOverrides();

  it("has a canonical name and a note on every line, and each canonical name normalises", () => {
    expect(table.size).toBeGreaterThan(30);
    for (const [name, o] of table) {
      expect(o.note.length, name).toBeGreaterThan(5);
      for (const product of o.canonical.split("|")) expect(key(product), `${name} → ${product}`).not.toBe("");
    }
  });

  it("holds only overrides the rules cannot do themselves", () => {
    const empty = new Map();
    for (const [name, o] of table) {
      const withRules = normaliseIngredient(name, { overrides: empty }).key;
      const withOverride = o.canonical.includes("|")
        ? o.canonical
            .split("|")
            .map((p) => key(p))
            .join("|")
        : key(name);
      expect(withRules, `line ${o.line}: ${name}`).not.toBe(withOverride);
    }
  });

  it("rejects a malformed file with the line", () => {
    expect(() => parseOverrides("name\tcanonical\tnote\nabc\t\tx\n")).toThrow(/overrides\.tsv:2/);
    expect(() => parseOverrides("name\tcanonical\tnote\nabc\tx\ty\nABC\tz\tw\n")).toThrow(
      /already overridden on line 2/,
    );
    expect(() => parseOverrides("a\tb\n")).toThrow(/header/);
  });
});
