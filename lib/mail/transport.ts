import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { getEnv } from "@/lib/env";

export type MailTransport = Pick<Transporter, "sendMail">;

let cached: MailTransport | undefined;

/** The SMTP transport from SMTP_URL (pooled connections), or null when none is configured. */
export function getMailTransport(): MailTransport | null {
  const { SMTP_URL } = getEnv();
  if (!SMTP_URL) return null;
  // Timeouts well inside the send lease (lib/mail/send-email.ts): an attempt gives up before another may take over.
  cached ??= nodemailer.createTransport({
    url: SMTP_URL,
    pool: true,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  return cached;
}
