import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrors, fieldIssue, KakehashiError, problemFromError, validationError } from "./errors.ts";
import { negotiateLocale } from "./locale.ts";
import { PROBLEM_CODES, problemText } from "./messages.ts";

describe("locale negotiation", () => {
  it("defaults to Japanese and honours quality values", () => {
    expect(negotiateLocale(undefined)).toBe("ja");
    expect(negotiateLocale("fr-FR")).toBe("ja");
    expect(negotiateLocale("en-US,en;q=0.9")).toBe("en");
    expect(negotiateLocale("en;q=0.4,ja;q=0.8")).toBe("ja");
  });
});

describe("problem texts", () => {
  it("has a title, detail and fix in both languages for every code", () => {
    for (const code of PROBLEM_CODES)
      for (const locale of ["ja", "en"] as const) {
        const text = problemText(code, locale, {
          count: 1,
          what: "x",
          action: "y",
          seconds: 5,
          reason: "r",
          type: "t",
        });
        expect(text.title.length, `${code}/${locale}`).toBeGreaterThan(0);
        expect(text.detail.length, `${code}/${locale}`).toBeGreaterThan(0);
        expect(text.fix.length, `${code}/${locale}`).toBeGreaterThan(0);
      }
  });

  it("renders an error as RFC 9457 problem details in the asked language", () => {
    const error = new KakehashiError("forbidden", 403, { action: "audit.read" });
    expect(problemFromError(error, "en", "/api/audit")).toEqual({
      type: "urn:kakehashi:problem:forbidden",
      status: 403,
      code: "forbidden",
      title: "Not allowed",
      detail: "You are not allowed to do this (audit.read).",
      fix: "Ask an administrator of your organisation for the access you need.",
      instance: "/api/audit",
    });
    expect(problemFromError(error, "ja").title).toBe("権限がありません");
  });
});

describe("field errors from zod", () => {
  const schema = z.strictObject({
    email: z.email(),
    password: z.string().min(12),
    kind: z.enum(["university", "company"]),
    nested: z.object({ count: z.number().max(3) }),
  });
  const issues = () => {
    const r = schema.safeParse(
      { email: "nope", kind: "bank", nested: { count: 9 }, extra: true },
      { reportInput: true },
    );
    if (r.success) throw new Error("expected a failure");
    return r.error.issues;
  };

  it("names each field with a JSON pointer, a message and a fix", () => {
    const errors = fieldErrors(issues(), "en");
    const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
    expect(byField.email?.fix).toBe("Use an address like name@example.jp.");
    expect(byField.password).toMatchObject({ pointer: "/password", fix: 'Add the field "password".' });
    expect(byField.kind?.fix).toBe("Use one of: university, company");
    expect(byField["nested.count"]).toMatchObject({ pointer: "/nested/count", fix: "Use 3 or less." });
    expect(byField["(body)"]?.fix).toBe("Remove: extra");
  });

  it("writes the messages in Japanese too", () => {
    const errors = fieldErrors(issues(), "ja");
    expect(errors.find((e) => e.field === "password")?.fix).toBe("「password」を指定してください。");
    for (const e of errors) expect(e.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(validationError(issues()).status).toBe(400);
  });
});

describe("field errors from our own checks", () => {
  it("say what is wrong and how to fix it in the asker's language", () => {
    const issue = fieldIssue(
      ["docking", "box"],
      { ja: "既定のリガンドがありません", en: "the target has no default ligand" },
      { ja: "ボックスを指定してください。", en: "Give a box." },
    );
    expect(fieldErrors([issue], "ja")[0]).toMatchObject({
      field: "docking.box",
      pointer: "/docking/box",
      message: "既定のリガンドがありません",
      fix: "ボックスを指定してください。",
    });
    expect(fieldErrors([issue], "en")[0]).toMatchObject({
      message: "the target has no default ligand",
      fix: "Give a box.",
    });
  });

  it("keep an English-only custom message rather than a generic 'invalid input'", () => {
    const [error] = fieldErrors(
      [{ code: "custom", path: ["a"], message: "duplicate rule x", input: 1 } as never],
      "ja",
    );
    expect(error?.message).toBe("duplicate rule x");
  });
});
