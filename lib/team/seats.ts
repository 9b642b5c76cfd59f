import "server-only";
// Seats of a per-seat plan: the subscription's quantity is what the tenant pays for, and everyone on the team
// page (members and invitations not yet accepted or revoked) takes one. An invitation takes its seat when it is
// sent, so accepting one never goes over.
import { getDb, type Db, type Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { LIVE_STATUSES } from "@/lib/billing/current-subscription";
import { isPerSeatPlan } from "@/lib/plans/catalog";

export const ADD_A_SEAT_FIRST = "Add a seat first";

/** Members plus pending invitations: the seats the team uses now. */
export async function countSeatsInUse(db: Db | Tx, tenantId: string): Promise<number> {
  const [members, invites] = await Promise.all([
    db.membership.count({ where: { tenantId } }),
    db.invite.count({ where: { tenantId, acceptedAt: null, revokedAt: null } }),
  ]);
  return members + invites;
}

/** The seats a new subscription to `plan` is bought with: the team's size for a per-seat plan (at least 1), else 1. */
export async function seatsToBuy(tenantId: string, plan: { perSeat: boolean }): Promise<number> {
  return plan.perSeat ? Math.max(1, await countSeatsInUse(getDb(), tenantId)) : 1;
}

/** The seats paid for by the tenant's live per-seat subscription, or null when its plan is not per seat. */
export async function paidSeats(db: Db | Tx, tenantId: string): Promise<number | null> {
  const sub = await db.subscription.findFirst({
    where: { tenantId, status: { in: [...LIVE_STATUSES] } },
    orderBy: { createdAt: "desc" },
    select: { quantity: true, plan: { select: { key: true } } },
  });
  return sub?.plan && isPerSeatPlan(sub.plan.key) ? sub.quantity : null;
}

/** For the billing and team pages: paid and used seats of a per-seat plan, or null when the plan is not per seat. */
export async function getSeatSummary(tenantId: string): Promise<{ paid: number; used: number } | null> {
  const db = getDb();
  const paid = await paidSeats(db, tenantId);
  return paid === null ? null : { paid, used: await countSeatsInUse(db, tenantId) };
}

/** Under the team lock, before a new invitation: a per-seat team with every paid seat taken must add one first. */
export async function assertSeatForNewInvite(tx: Tx, tenantId: string): Promise<void> {
  const paid = await paidSeats(tx, tenantId);
  if (paid === null) return;
  const used = await countSeatsInUse(tx, tenantId);
  if (used + 1 > paid) {
    throw new AppError(
      "conflict",
      `${ADD_A_SEAT_FIRST}: all ${paid} paid ${paid === 1 ? "seat is" : "seats are"} taken. An owner or billing admin can add one on the billing page.`,
    );
  }
}

/** Fewer seats than people on the team is refused: remove members or revoke invitations first. */
export async function assertSeatsCoverTeam(tenantId: string, seats: number): Promise<void> {
  const used = await countSeatsInUse(getDb(), tenantId);
  if (seats < used) {
    throw new AppError(
      "conflict",
      `Your team uses ${used} ${used === 1 ? "seat" : "seats"} (members and pending invitations). Remove someone from the team before going down to ${seats}.`,
    );
  }
}
