import "server-only";
import { z } from "zod";
import type { AdminContext } from "@/lib/auth/types";
import { formatMoney } from "@/lib/format/money";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { adminRefundIdempotencyKey, createRefund } from "@/lib/stripe/create-refund";

export const refundPaymentSchema = z.object({
  paymentId: z.string().min(1).max(100),
  /** Minor units; omitted means whatever is still refundable. */
  amount: z.coerce.number().int().positive().optional(),
  reason: z.string().trim().min(3, "Say why (at least 3 characters).").max(500),
  stripeReason: z.enum(["requested_by_customer", "duplicate", "fraudulent"]).optional(),
  /** Generated once per form render by the client, so a double submit is one refund. */
  requestId: z.string().min(8).max(100),
});
export type RefundPaymentInput = z.output<typeof refundPaymentSchema>;

/**
 * Asks Stripe for a refund. The Refund row and the payment's refunded amount are written when `charge.refunded`
 * arrives (only webhooks write billing state); the audit row is written here, once per Stripe refund.
 */
export async function refundPayment(input: RefundPaymentInput, { user }: AdminContext) {
  const db = getDb();
  const payment = await db.payment.findUnique({
    where: { id: input.paymentId },
    select: { id: true, tenantId: true, stripeChargeId: true, amount: true, amountRefunded: true, currency: true, status: true },
  });
  if (!payment) throw new AppError("not_found");
  if (payment.status !== "succeeded") throw new AppError("conflict", "Only a succeeded payment can be refunded.");
  const refundable = payment.amount - payment.amountRefunded;
  const amount = input.amount ?? refundable;
  if (amount <= 0) throw new AppError("conflict", "This payment is already fully refunded.");
  if (amount > refundable) {
    const most = formatMoney(refundable, payment.currency);
    throw new AppError("invalid_input", `At most ${most} can still be refunded.`, {
      fieldErrors: { amount: [`At most ${most} can still be refunded.`] },
    });
  }

  const refund = await createRefund(
    {
      charge: payment.stripeChargeId,
      amount,
      ...(input.stripeReason && { reason: input.stripeReason }),
      metadata: { tenantId: payment.tenantId, adminUserId: user.id, requestId: input.requestId },
    },
    adminRefundIdempotencyKey(payment.id, input.requestId),
  );

  await db.$transaction(async (tx) => {
    // A replayed request returns the same refund: its audit row already exists.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`admin-refund-audit:${refund.id}`}, 0))`;
    const seen = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "AuditLog" WHERE "tenantId" = ${payment.tenantId} AND "action" = 'admin.refund'
        AND "after"->>'stripeRefundId' = ${refund.id} LIMIT 1`;
    if (seen.length > 0) return;
    await recordAudit(tx, {
      tenantId: payment.tenantId,
      actor: `admin:${user.id}`,
      action: "admin.refund",
      before: { stripeChargeId: payment.stripeChargeId, amount: payment.amount, amountRefunded: payment.amountRefunded, currency: payment.currency },
      after: { stripeChargeId: payment.stripeChargeId, stripeRefundId: refund.id, amount, currency: payment.currency, status: refund.status ?? "pending" },
      reason: input.reason,
    });
  });
  return { stripeRefundId: refund.id, amount, currency: payment.currency, status: refund.status ?? "pending" };
}
