import "server-only";
import { z } from "zod";
import { signUpSchema } from "@/lib/accounts/sign-up";
import { hashPassword } from "@/lib/accounts/password";
import { passwordSchema } from "@/lib/accounts/password-policy";
import type { TenantRole } from "@/lib/auth/roles";
import type { SessionUser } from "@/lib/auth/types";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { getInviteForToken, INVITE_LINK_PROBLEMS } from "./get-invite-for-token";
import { hashInviteToken } from "./invite-token";
import { userActor } from "./team-records";
import { withTeamLock } from "./team-lock";

export const acceptTokenSchema = z.object({ token: z.string().max(100) });
export const acceptWithNewAccountSchema = acceptTokenSchema.extend({ name: signUpSchema.shape.name, password: passwordSchema });

const ACCOUNT_EXISTS = "An account with this address exists already: sign in with it to accept the invitation.";

/** The link's invite, if it can still be accepted; otherwise the reason as a 4xx. */
async function validInviteOrThrow(token: string) {
  const state = await getInviteForToken(token);
  if (state.status === "valid") return state;
  throw new AppError(state.status === "invalid" ? "not_found" : "conflict", INVITE_LINK_PROBLEMS[state.status]);
}

/**
 * Marks the invite used in the caller's locked transaction, with every condition checked in the UPDATE itself: of
 * two accepts of one link (two tabs, a replayed request) exactly one claims it, and an invite revoked, resent or
 * expired since the page was shown is refused.
 */
async function claimInvite(tx: Tx, inviteId: string, token: string): Promise<void> {
  const claimed = await tx.invite.updateMany({
    where: { id: inviteId, tokenHash: hashInviteToken(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    data: { acceptedAt: new Date() },
  });
  if (claimed.count === 1) return;
  const state = await getInviteForToken(token);
  throw new AppError("conflict", INVITE_LINK_PROBLEMS[state.status === "valid" ? "invalid" : state.status]);
}

async function joinTenant(tx: Tx, invite: { inviteId: string; tenantId: string; email: string; role: TenantRole }, userId: string) {
  await tx.membership.create({ data: { userId, tenantId: invite.tenantId, role: invite.role } });
  await recordAudit(tx, {
    tenantId: invite.tenantId,
    actor: userActor(userId),
    action: "team.invite_accept",
    after: { inviteId: invite.inviteId, email: invite.email, role: invite.role },
  });
}

/** Accepting as someone without an account: creates it with the invited address (the link proved they read it). */
export async function acceptInviteWithNewAccount(input: z.output<typeof acceptWithNewAccountSchema>): Promise<{ email: string; tenantId: string }> {
  const invite = await validInviteOrThrow(input.token);
  if (invite.accountExists) throw new AppError("conflict", ACCOUNT_EXISTS);
  const passwordHash = await hashPassword(input.password);
  try {
    await withTeamLock(invite.tenantId, async (tx) => {
      await claimInvite(tx, invite.inviteId, input.token);
      // The invitation link proved the mailbox: the address counts as confirmed, billing admins can act at once.
      const user = await tx.user.create({ data: { email: invite.email, name: input.name, passwordHash, emailVerifiedAt: new Date() }, select: { id: true } });
      await joinTenant(tx, invite, user.id);
    });
  } catch (error) {
    // The address signed up between the page and the submit.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new AppError("conflict", ACCOUNT_EXISTS);
    throw error;
  }
  return { email: invite.email, tenantId: invite.tenantId };
}

/** Accepting while signed in: only as the invited address, so a forwarded link cannot add someone else. */
export async function acceptInviteAsUser(user: SessionUser, input: { token: string }): Promise<{ tenantId: string }> {
  const invite = await validInviteOrThrow(input.token);
  if (user.email !== invite.email) {
    throw new AppError("forbidden", `This invitation is for ${invite.email}, but you are signed in as ${user.email}. Sign out and open the link again.`);
  }
  await withTeamLock(invite.tenantId, async (tx) => {
    const existing = await tx.membership.findUnique({ where: { userId_tenantId: { userId: user.id, tenantId: invite.tenantId } }, select: { id: true } });
    if (existing) throw new AppError("conflict", "You are already a member of this team.");
    await claimInvite(tx, invite.inviteId, input.token);
    await joinTenant(tx, invite, user.id);
  });
  return { tenantId: invite.tenantId };
}
