import "server-only";
import { getDb } from "@/lib/db/client";

// A repeating discount that ends raises its subscription's MRR with no write to the row (Stripe may send nothing,
// and a renewal's event does not come at the discount's end). The revenue reads count such steps as soon as their
// time comes (get-revenue.ts); this moves them into the MRR history and the tenants' summaries, so the reads have
// only a handful to add. The work is the database's (migration mrr_net_of_recurring_discounts).

/** Settles the discount ends that have come; answers how many. */
export async function settleEndedDiscounts(): Promise<number> {
  const [row] = await getDb().$queryRaw<{ settled: number }[]>`SELECT "mrr_settle_ended_discounts"() AS "settled"`;
  return row?.settled ?? 0;
}
