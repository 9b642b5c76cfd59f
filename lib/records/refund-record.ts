import "server-only";
import type Stripe from "stripe";
import { refundFields } from "@/lib/stripe/mappers";
import type { WriteContext } from "./write-context";

// The Refund table's record module. Refunds are written only with their charge (charge.refunded), so it has no
// event of its own in the registry.

/**
 * Upserts the Refund rows of one charge. Refund objects carry their own state, so the newest event's view wins
 * per refund, with the same `lastEventCreated` guard as the other rows.
 */
export async function syncRefunds(
  ctx: WriteContext,
  target: { tenantId: string; paymentId: string; stripeChargeId: string },
  refunds: readonly Stripe.Refund[],
): Promise<void> {
  const { tx, version } = ctx;
  for (const refund of refunds) {
    const fields = refundFields(refund, target.stripeChargeId);
    const data = {
      tenantId: target.tenantId,
      paymentId: target.paymentId,
      ...fields,
      lastEventCreated: version.created,
      lastEventId: version.eventId,
    };
    const inserted = await tx.refund.createMany({ data: [data], skipDuplicates: true });
    if (inserted.count === 1) continue;
    await tx.refund.updateMany({
      where: { stripeRefundId: fields.stripeRefundId, lastEventCreated: { lte: version.created } },
      data,
    });
  }
}
