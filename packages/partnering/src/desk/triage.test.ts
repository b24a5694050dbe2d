import { describe, expect, it } from "vitest";
import { chooseExpert, type ExpertCandidate } from "./triage.ts";

const c = (expertId: string, name: string, openCases: number, capacity: number): ExpertCandidate => ({
  expertId,
  name,
  openCases,
  capacity,
});

describe("triage to the least-loaded expert", () => {
  it("picks the expert with the fewest open cases and says why, naming the others", () => {
    const d = chooseExpert("ip", [c("a", "青木", 3, 5), c("b", "馬場", 1, 5), c("c", "千葉", 2, 3)]);
    expect(d.expertId).toBe("b");
    expect(d.explanation.rule).toBe("least_loaded");
    expect(d.explanation.ja).toContain("馬場（1 件／上限 5 件）");
    expect(d.explanation.ja).toContain("知財");
    expect(d.explanation.en).toContain("馬場 has the fewest open cases (1 of 5)");
    expect(d.explanation.en).toContain("千葉 (2/3)");
    expect(d.explanation.candidates.map((x) => x.expertId)).toEqual(["b", "c", "a"]);
  });

  it("skips experts at capacity even when they are the only ones with few cases", () => {
    const d = chooseExpert("regulatory", [c("a", "A", 1, 1), c("b", "B", 4, 6)]);
    expect(d.expertId).toBe("b");
    const only = chooseExpert("regulatory", [c("b", "B", 4, 6)]);
    expect(only.expertId).toBe("b");
    expect(only.explanation.en).toBe(
      'B is the only expert for "regulatory" and has room (4 of 6 open cases), so was assigned.',
    );
    expect(only.explanation.ja).toContain("担当する専門家は B だけ");
  });

  it("breaks a tie by the room left, then by name, so the same input gives the same answer", () => {
    const tie = [c("a", "A", 2, 3), c("b", "B", 2, 8), c("c", "C", 2, 8)];
    expect(chooseExpert("business", tie).expertId).toBe("b");
    expect(chooseExpert("business", [...tie].reverse()).expertId).toBe("b");
    expect(chooseExpert("business", tie).explanation.en).toContain("more room left");
  });

  it("leaves the case to the desk when nobody declared the topic or everyone is full", () => {
    const none = chooseExpert("overseas", []);
    expect(none.expertId).toBeNull();
    expect(none.explanation.rule).toBe("none_available");
    expect(none.explanation.en).toContain('No expert has declared the topic "overseas expansion"');
    expect(none.explanation.ja).toContain("事務局が担当を割り当てます");
    const full = chooseExpert("funding", [c("a", "A", 2, 2)]);
    expect(full.expertId).toBeNull();
    expect(full.explanation.en).toContain('The only expert for "funding", A (2/2), is at capacity.');
    const two = chooseExpert("funding", [c("a", "A", 2, 2), c("b", "B", 3, 3)]);
    expect(two.explanation.en).toContain("All 2 experts for");
  });
});
