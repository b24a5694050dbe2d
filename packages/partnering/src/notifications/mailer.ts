import nodemailer from "nodemailer";
import type { PublicNotice } from "./notices.ts";

/** One e-mail as it leaves: made by `renderEmail` from a PublicNotice and nothing else. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** the application's address, to turn a notice's path into a link (https://kakehashi.example) */
  readonly baseUrl: string;
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  close(): void;
}

export interface SmtpMailerOptions {
  /** smtp://user:pass@host:587 or smtps://…; nodemailer reads options from the query string too */
  url: string;
  from?: string;
  baseUrl?: string;
}

export const DEFAULT_MAIL_FROM = "Kakehashi <no-reply@kakehashi.invalid>";
export const DEFAULT_BASE_URL = "http://localhost:8080";

/** A mailer that hands each e-mail to a real SMTP server. */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const transport = nodemailer.createTransport(options.url);
  const from = options.from ?? DEFAULT_MAIL_FROM;
  return {
    baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ""),
    async send(email) {
      const info = await transport.sendMail({ from, ...email });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}

/**
 * The mailer the environment configures: KAKEHASHI_SMTP_URL (none: in-app notifications only),
 * KAKEHASHI_MAIL_FROM and KAKEHASHI_PUBLIC_URL for the sender and the links.
 */
export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer | null {
  const url = env.KAKEHASHI_SMTP_URL?.trim();
  if (!url) return null;
  return createSmtpMailer({
    url,
    from: env.KAKEHASHI_MAIL_FROM?.trim() || undefined,
    baseUrl: env.KAKEHASHI_PUBLIC_URL?.trim() || undefined,
  });
}

/**
 * The e-mail for a notice, in Japanese then English. It is built from the notice's own fields only, so
 * it says no more than the in-app notification and nothing confidential.
 */
export function renderEmail(notice: PublicNotice, to: string, baseUrl: string): OutgoingEmail {
  const link = `${baseUrl}${notice.link}`;
  return {
    to,
    subject: `[Kakehashi] ${notice.title.ja} / ${notice.title.en}`,
    text: [
      notice.title.ja,
      "",
      notice.body.ja,
      "",
      `詳細: ${link}`,
      "",
      "----",
      "",
      notice.title.en,
      "",
      notice.body.en,
      "",
      `Details: ${link}`,
      "",
      "--",
      "架け橋 Kakehashi — このメールは通知専用です。内容はログインしてご確認ください。",
      "Kakehashi — this e-mail is a notice only; log in to see the details.",
    ].join("\n"),
  };
}
