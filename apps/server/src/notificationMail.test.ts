import type { AddressInfo } from "node:net";
import { createSmtpMailer } from "@kakehashi/partnering";
import { seedDemo } from "@kakehashi/store";
import { openTestStore, type TestStore } from "@kakehashi/store/testing";
import type { FastifyInstance } from "fastify";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, PLATFORM_MIGRATIONS } from "./app.ts";
import { callAs, type DemoSession, loginDemoAccounts } from "./demoSessions.ts";

const P = "/api/partnering";
const CONFIDENTIAL = "our unpublished compound KH-77 and its structure";

describe("e-mail notifications from the server, through a real SMTP server", () => {
  let store: TestStore;
  let app: FastifyInstance;
  let smtp: SMTPServer;
  const delivered: ParsedMail[] = [];
  let as: Record<string, DemoSession> = {};

  beforeAll(async () => {
    smtp = new SMTPServer({
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            delivered.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    const { port } = smtp.server.address() as AddressInfo;
    store = await openTestStore("pglite", "memory://", PLATFORM_MIGRATIONS);
    await seedDemo(store.db);
    app = await buildServer({
      store,
      mailer: createSmtpMailer({ url: `smtp://127.0.0.1:${port}`, baseUrl: "https://kakehashi.example.jp" }),
    });
    as = await loginDemoAccounts(app, {
      researcher: "researcher@toto-u.example",
      mentor: "mentor@core-hospital.example",
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  });

  it("mails the expert a case was assigned, without the case's confidential description", async () => {
    const declared = await callAs(app, as.mentor as DemoSession, "POST", `${P}/desk/experts`, {
      topics: ["regulatory"],
      capacity: 3,
    });
    expect(declared.statusCode, declared.body).toBe(200);
    const opened = await callAs(app, as.researcher as DemoSession, "POST", `${P}/desk/cases`, {
      topic: "regulatory",
      stage: "lead",
      description: `Which PMDA consultation fits ${CONFIDENTIAL}?`,
    });
    expect(opened.statusCode, opened.body).toBe(201);
    for (let i = 0; i < 50 && delivered.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const mail = delivered.find((m) =>
      (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.text.includes("mentor@core-hospital.example")),
    );
    expect(mail, `delivered: ${delivered.map((m) => m.subject).join(" | ")}`).toBeDefined();
    expect(mail?.text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(mail?.text).toContain("https://kakehashi.example.jp");
    for (const m of delivered) expect(`${m.subject}\n${m.text}\n${m.html || ""}`).not.toContain("KH-77");
  });
});
