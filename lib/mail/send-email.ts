import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { redactText } from "@/lib/log";
import { renderEmail } from "./render-email";
import { isTemplateName, TEMPLATES, type TemplateProps } from "./templates";
import type { MailTransport } from "./transport";

/**
 * How long one attempt holds a row. A worker that dies mid-send leaves the row "sending"; once the lease is over,
 * the job queue's retry (or the outbox sweep) may take it over and send again.
 */
const SEND_LEASE_MS = 2 * 60_000;

export type SendOutcome = "sent" | "already-sent" | "gone";

/** Another attempt holds a live lease on the row: this one backs off and the queue retries it later. */
class EmailLeaseHeldError extends Error {
  constructor(emailId: string) {
    super(`email ${emailId} is being sent by another attempt`);
    this.name = "EmailLeaseHeldError";
  }
}

type ClaimedEmail = { id: string; to: string; template: string; props: unknown; messageId: string };

/**
 * Sends one outbox row, at most once per successful SMTP hand-over as far as this side can tell: the row is claimed
 * (status "sending" with a lease) before the SMTP conversation and marked "sent" with the server's answer right
 * after it. The one window left is a crash after the server accepted the message and before the mark commits: the
 * next attempt sends again, with the same Message-ID. A failed attempt is recorded and rethrown, so the job
 * queue retries it with backoff; the last one marks the row "failed".
 */
export async function sendOutboxEmail(
  emailId: string,
  transport: MailTransport,
  options: { finalAttempt: boolean },
): Promise<SendOutcome> {
  const db = getDb();
  const [claimed] = await db.$queryRaw<ClaimedEmail[]>(Prisma.sql`
    UPDATE "Email"
       SET "status" = 'sending', "leaseUntil" = now() + ${`${SEND_LEASE_MS} milliseconds`}::interval,
           "attempts" = "attempts" + 1, "updatedAt" = now()
     WHERE "id" = ${emailId}
       AND ("status" IN ('queued', 'retrying', 'failed') OR ("status" = 'sending' AND "leaseUntil" < now()))
    RETURNING "id", "to", "template", "props", "messageId"`);
  if (!claimed) {
    const row = await db.email.findUnique({ where: { id: emailId }, select: { status: true } });
    if (!row) return "gone";
    if (row.status === "sent") return "already-sent";
    throw new EmailLeaseHeldError(emailId);
  }
  let info: { response?: string };
  try {
    if (!isTemplateName(claimed.template)) throw new Error(`unknown email template "${claimed.template}"`);
    const rendered = await renderEmail(claimed.template, claimed.props as TemplateProps<typeof claimed.template>);
    info = await transport.sendMail({
      from: getEnv().MAIL_FROM,
      to: claimed.to,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: claimed.messageId,
    });
  } catch (error) {
    await db.$executeRaw(Prisma.sql`
      UPDATE "Email"
         SET "status" = ${options.finalAttempt ? "failed" : "retrying"}::"EmailStatus", "leaseUntil" = NULL,
             "updatedAt" = now(), "lastResponse" = ${redactText(describeSendError(error)).slice(0, 500)}
       WHERE "id" = ${claimed.id}`);
    throw error;
  }
  // The server has the message: from here on the row must end "sent", never "retrying" (that would send it again).
  // A database that is briefly away (a restart, a failover) is waited for within the lease.
  await markSent(claimed.id, claimed.template, String(info.response ?? "accepted"));
  return "sent";
}

const MARK_SENT_RETRY_MS = [250, 500, 1000, 2000, 4000, 8000, 16000, 30000];

async function markSent(emailId: string, template: string, response: string): Promise<void> {
  const secret = isTemplateName(template) && TEMPLATES[template].secret === true;
  for (let attempt = 0; ; attempt += 1) {
    try {
      await getDb().$executeRaw(Prisma.sql`
        UPDATE "Email"
           SET "status" = 'sent', "sentAt" = now(), "leaseUntil" = NULL, "updatedAt" = now(),
               "lastResponse" = ${response.slice(0, 500)},
               "props" = CASE WHEN ${secret} THEN '{}'::jsonb ELSE "props" END
         WHERE "id" = ${emailId}`);
      return;
    } catch (error) {
      const wait = MARK_SENT_RETRY_MS[attempt];
      if (wait === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function describeSendError(error: unknown): string {
  if (error instanceof Error) {
    const response = (error as Error & { response?: unknown }).response;
    return typeof response === "string" && response ? response : error.message;
  }
  return String(error);
}
