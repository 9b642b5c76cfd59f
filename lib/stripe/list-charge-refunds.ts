import "server-only";
import type Stripe from "stripe";
import { getStripe } from "./client";

/** Refunds of one charge; the charge object only embeds them when expanded. */
export async function listChargeRefunds(chargeId: string): Promise<Stripe.Refund[]> {
  const refunds: Stripe.Refund[] = [];
  for await (const refund of getStripe().refunds.list({ charge: chargeId, limit: 100 })) refunds.push(refund);
  return refunds;
}
