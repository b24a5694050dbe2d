import { describe, expect, it } from "vitest";
import { moleculeSvg } from "./depict.ts";

const ASPIRIN = "CC(=O)Oc1ccccc1C(=O)O";
const colours = (svg: string) => new Set(svg.match(/#[0-9A-F]{6}/gi)?.map((c) => c.toUpperCase()));

describe("moleculeSvg", () => {
  it("draws an SVG document of the requested size with its heteroatoms coloured", async () => {
    const svg = await moleculeSvg(ASPIRIN, { width: 320, height: 240 });
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain("<svg");
    expect(svg).toContain("width='320px' height='240px'");
    expect(svg).toContain("</svg>");
    expect(colours(svg).has("#FF0000")).toBe(true); // oxygen red
    expect(svg.match(/class='bond-\d+/g)?.length).toBeGreaterThanOrEqual(13);
  });

  it("highlights the given atoms and the bonds between them", async () => {
    const plain = await moleculeSvg(ASPIRIN);
    const ring = await moleculeSvg(ASPIRIN, { highlight: [4, 5, 6, 7, 8, 9] });
    expect(colours(plain).has("#FF7F7F")).toBe(false);
    expect(colours(ring).has("#FF7F7F")).toBe(true);
    // six ring atoms and the six ring bonds between them are drawn in the highlight colour
    expect(ring.split("\n").filter((l) => l.includes("#FF7F7F")).length).toBeGreaterThanOrEqual(12);
    expect(plain).toContain("width='300px' height='200px'");
  });

  it("names the problem: a bad structure, an atom outside the molecule, an absurd size", async () => {
    await expect(moleculeSvg("C1CC")).rejects.toThrow(/unclosed ring/);
    await expect(moleculeSvg(ASPIRIN, { highlight: [13] })).rejects.toThrow(
      /highlight atom 13 is not an atom/,
    );
    await expect(moleculeSvg(ASPIRIN, { width: 5 })).rejects.toThrow(/width must be 16..4096/);
  });
});
