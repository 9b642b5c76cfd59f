import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { TEMPLATES, type TemplateName, type TemplateProps } from "./templates";

/** The job that sends one outbox row (lib/mail/send-email.ts); its graphile-worker identifier. */
export const SEND_EMAIL_TASK = "send-email";
/**
 * graphile-worker retries a failed job after exp(min(attempt, 10)) seconds: 3 s, 7 s, 20 s, 55 s … then every
 * 6 hours. Twelve attempts span about a day, long enough for an SMTP provider's outage.
 */
export const SEND_EMAIL_MAX_ATTEMPTS = 12;

export type QueuedEmail = {
  [Name in TemplateName]: {
    /** What caused the email: a Stripe event id, or an action's id (an invite id, a token id). */
    key: string;
    to: string;
    template: Name;
    props: TemplateProps<Name>;
    /** The tenant whose email log lists it. */
    tenantId?: string | null;
  };
}[TemplateName];

/** The outbox row's unique key: one email per cause, template and recipient (addresses compare case-blind). */
export function outboxKey(email: Pick<QueuedEmail, "key" | "template" | "to">): string {
  return `${email.key}|${email.template}|${email.to.trim().toLowerCase()}`;
}

/**
 * The Message-ID every attempt of one outbox row carries: a crash between the SMTP server's "250 OK" and the row's
 * "sent" mark makes the next attempt resend, and mail systems that remember Message-IDs drop the copy.
 */
export function messageIdFor(rowKey: string): string {
  const from = getEnv().MAIL_FROM;
  const domain = /@([^>\s]+)>?$/.exec(from)?.[1] ?? "localhost";
  return `<${createHash("sha256").update(rowKey).digest("hex").slice(0, 40)}@${domain}>`;
}

/**
 * Decides an email in the caller's transaction: inserts its outbox row and queues the job that sends it, both
 * committed (or rolled back) with the change that caused it. Deciding the same email again (a duplicated or
 * replayed webhook delivery, a retried action) inserts nothing and queues nothing.
 */
export async function queueEmail(tx: Tx, email: QueuedEmail): Promise<void> {
  const to = email.to.trim();
  const rowKey = outboxKey(email);
  const subject = (TEMPLATES[email.template].subject as (props: unknown) => string)(email.props);
  // The job is added by graphile-worker's own SQL function inside this transaction (its job_key: one job per row),
  // so an email is never queued for a change that rolled back, nor lost for one that committed.
  await tx.$executeRaw(Prisma.sql`
    WITH inserted AS (
      INSERT INTO "Email" ("id", "key", "tenantId", "to", "template", "props", "subject", "messageId", "updatedAt")
      VALUES (${randomUUID()}, ${rowKey}, ${email.tenantId ?? null}, ${to}, ${email.template},
              ${JSON.stringify(email.props)}::jsonb, ${subject}, ${messageIdFor(rowKey)}, now())
      ON CONFLICT ("key") DO NOTHING
      RETURNING "id"
    )
    SELECT graphile_worker.add_job(
      ${SEND_EMAIL_TASK},
      json_build_object('emailId', inserted."id"),
      max_attempts => ${SEND_EMAIL_MAX_ATTEMPTS}::int,
      job_key => 'email:' || inserted."id"
    ) FROM inserted`);
}
