import { describe, expect, it } from "vitest";
import { isLate } from "./roadmap.ts";

describe("late milestones", () => {
  const today = "2026-03-01";
  const open = { decision: "pending", completedOn: null };

  it("is not late on its due date", () => {
    expect(isLate({ ...open, dueOn: today }, today)).toBe(false);
  });

  it("is late from the day after its due date while still open", () => {
    expect(isLate({ ...open, dueOn: "2026-02-28" }, today)).toBe(true);
    expect(isLate({ ...open, dueOn: "2025-03-01" }, today)).toBe(true);
  });

  it("compares calendar dates across month and year ends", () => {
    expect(isLate({ ...open, dueOn: "2025-12-31" }, "2026-01-01")).toBe(true);
    expect(isLate({ ...open, dueOn: "2026-01-01" }, "2026-01-01")).toBe(false);
    expect(isLate({ ...open, dueOn: "2024-02-29" }, "2024-03-01")).toBe(true);
    expect(isLate({ ...open, dueOn: "2024-02-29" }, "2024-02-29")).toBe(false);
  });

  it("is not late before its due date", () => {
    expect(isLate({ ...open, dueOn: "2026-03-02" }, today)).toBe(false);
  });

  it("is never late once decided, go or no-go, even if overdue and not completed", () => {
    for (const decision of ["go", "no_go"])
      expect(isLate({ dueOn: "2026-01-10", decision, completedOn: null }, today), decision).toBe(false);
  });

  it("is never late once completed, even without a decision", () => {
    expect(isLate({ dueOn: "2026-01-10", decision: "pending", completedOn: "2026-02-01" }, today)).toBe(
      false,
    );
    // completed after the due date still counts as done, not late
    expect(isLate({ dueOn: "2026-01-10", decision: "pending", completedOn: "2026-02-28" }, today)).toBe(
      false,
    );
  });
});
