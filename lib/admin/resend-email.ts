import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { AdminContext } from "@/lib/auth/types";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { queueEmail, type QueuedEmail } from "@/lib/mail/queue-email";
import { isTemplateName, TEMPLATES } from "@/lib/mail/templates";

export const resendEmailSchema = z.object({
  tenantId: z.string().min(1).max(100),
  emailId: z.string().min(1).max(100),
  /** Made once per button: a double click or a retried request queues one copy. */
  requestId: z.string().uuid(),
});
export type ResendEmailInput = z.output<typeof resendEmailSchema>;

/**
 * Sends one of a tenant's emails again, as it was (same recipient, template and props), as a new outbox row keyed by
 * the request, so the log shows the copy beside the original; audited. An email that carried a one-time link is
 * not resent (its props are gone once sent): the user asks for a new link.
 */
export async function resendEmail(input: ResendEmailInput, { user }: AdminContext): Promise<{ queued: true }> {
  return getDb().$transaction(async (tx) => {
    const original = await tx.email.findFirst({
      where: { id: input.emailId, tenantId: input.tenantId },
      select: { id: true, to: true, template: true, props: true, subject: true },
    });
    if (!original || !isTemplateName(original.template)) throw new AppError("not_found");
    if (TEMPLATES[original.template].secret) {
      throw new AppError("conflict", "This email carried a one-time link and cannot be resent; the user can ask for a new one.");
    }
    const copy = { key: `resend:${input.requestId}`, to: original.to, template: original.template, props: original.props, tenantId: input.tenantId };
    // The props were checked against the template when first queued; the row keeps them as JSON.
    if (!(await queueEmail(tx, copy as unknown as QueuedEmail))) return { queued: true as const };
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: `admin:${user.id}`,
      action: "admin.email_resent",
      before: null,
      after: { emailId: original.id, to: original.to, subject: original.subject },
      reason: "resend",
    });
    return { queued: true as const };
  });
}
