import "server-only";
import { z } from "zod";
import type { AdminContext } from "@/lib/auth/types";
import { isLiveStatus } from "@/lib/billing/current-subscription";
import { isCardError, toBillingError } from "@/lib/stripe/stripe-errors";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { adminRetryIdempotencyKey, payInvoice } from "@/lib/stripe/pay-invoice";

export const retryInvoiceSchema = z.object({
  invoiceId: z.string().min(1).max(100),
  requestId: z.string().min(8).max(100),
});
export type RetryInvoiceInput = z.output<typeof retryInvoiceSchema>;

/**
 * Attempts an open invoice now (`invoices.pay`) with the customer's default payment method. A decline is an
 * answer, not an error: it is returned and audited, and the failed attempt arrives as a webhook like any other.
 */
export async function retryInvoice(input: RetryInvoiceInput, { user }: AdminContext) {
  const invoice = await getDb().invoice.findUnique({
    where: { id: input.invoiceId },
    select: { id: true, tenantId: true, stripeInvoiceId: true, stripeSubscriptionId: true, status: true, attemptCount: true, amountRemaining: true, currency: true },
  });
  if (!invoice) throw new AppError("not_found");
  if (invoice.status !== "open") throw new AppError("conflict", "Only an open invoice can be retried.");
  if (!(await isRetryable(invoice.stripeSubscriptionId))) {
    throw new AppError(
      "conflict",
      "This invoice belongs to a subscription that is no longer live (canceled or never paid); retrying it would charge for nothing. Void it in Stripe instead.",
    );
  }

  let outcome: { paid: boolean; status: string; message: string | null };
  try {
    const paid = await payInvoice(invoice.stripeInvoiceId, adminRetryIdempotencyKey(invoice.id, input.requestId));
    outcome = { paid: paid.status === "paid", status: paid.status ?? "open", message: null };
  } catch (error) {
    if (!isCardError(error)) {
      const mapped = toBillingError(error);
      // An expected refusal (no card on file, invoice no longer open) is an answer too: audited, then shown.
      if (mapped instanceof AppError && mapped.code === "conflict") {
        await recordAudit(getDb(), {
          tenantId: invoice.tenantId,
          actor: `admin:${user.id}`,
          action: "admin.invoice_retry",
          before: { stripeInvoiceId: invoice.stripeInvoiceId, status: invoice.status, attemptCount: invoice.attemptCount, amountRemaining: invoice.amountRemaining, currency: invoice.currency },
          after: { stripeInvoiceId: invoice.stripeInvoiceId, paid: false, status: invoice.status, message: mapped.message },
        });
      }
      throw mapped;
    }
    outcome = { paid: false, status: "open", message: error.message };
  }
  await recordAudit(getDb(), {
    tenantId: invoice.tenantId,
    actor: `admin:${user.id}`,
    action: "admin.invoice_retry",
    before: { stripeInvoiceId: invoice.stripeInvoiceId, status: invoice.status, attemptCount: invoice.attemptCount, amountRemaining: invoice.amountRemaining, currency: invoice.currency },
    after: { stripeInvoiceId: invoice.stripeInvoiceId, ...outcome },
  });
  return outcome;
}

/** Retry is for invoices of live subscriptions (or of none: a one-off invoice); an ended one's invoice is not owed. */
export async function isRetryable(stripeSubscriptionId: string | null): Promise<boolean> {
  if (!stripeSubscriptionId) return true;
  const sub = await getDb().subscription.findUnique({ where: { stripeSubscriptionId }, select: { status: true } });
  return sub !== null && isLiveStatus(sub.status);
}
