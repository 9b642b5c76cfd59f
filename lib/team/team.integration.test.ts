// Team invites and roles against a real PostgreSQL: single-use and expiring links, the one-owner invariant under
// concurrent changes, and ids from another tenant.
import { afterAll, describe, expect, it } from "vitest";

import type { TenantRole } from "@/lib/auth/roles";
import type { TenantContext } from "@/lib/auth/types";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createTestTenant, uniqueEmail } from "@/testing/test-db";
import { acceptInviteAsUser, acceptInviteWithNewAccount } from "./accept-invite";
import { changeMemberRole } from "./change-member-role";
import { getInviteForToken, INVITE_LINK_PROBLEMS } from "./get-invite-for-token";
import { inviteMember, MAX_NEW_INVITES_PER_DAY } from "./invite-member";
import { removeMember } from "./remove-member";
import { MAX_INVITE_SENDS, resendInvite } from "./resend-invite";
import { revokeInvite } from "./revoke-invite";
import { inviteMemberSchema } from "./team-schemas";
import { LAST_OWNER_MESSAGE } from "./team-lock";
import { transferOwnership } from "./transfer-ownership";

const PASSWORD = "correct-horse-battery-staple";

afterAll(async () => {
  await getDb().$disconnect();
});

async function addPerson(tenantId: string, role: TenantRole) {
  const email = uniqueEmail(role);
  const user = await getDb().user.create({ data: { email, name: `${role} person`, passwordHash: "not-a-hash" } });
  const membership = await getDb().membership.create({ data: { userId: user.id, tenantId, role } });
  return { user: { id: user.id, email, name: user.name, isPlatformAdmin: false }, membershipId: membership.id };
}

async function team(): Promise<{ tenantId: string; owner: TenantContext; ownerMembershipId: string }> {
  const tenant = await createTestTenant();
  const owner = await addPerson(tenant.id, "owner");
  return {
    tenantId: tenant.id,
    owner: { user: owner.user, tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug }, role: "owner" },
    ownerMembershipId: owner.membershipId,
  };
}

function contextFor(base: TenantContext, person: { user: TenantContext["user"] }, role: TenantRole): TenantContext {
  return { ...base, user: person.user, role };
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** The invitation emails the outbox holds for a tenant, oldest first: the only way a link leaves the app. */
async function outbox(tenantId: string) {
  return getDb().email.findMany({ where: { tenantId, template: "team-invite" }, orderBy: [{ createdAt: "asc" }, { key: "asc" }] });
}

async function lastToken(tenantId: string): Promise<string> {
  const props = (await outbox(tenantId)).at(-1)?.props as { invitePath?: string } | undefined;
  const token = props?.invitePath?.replace("/invite/", "");
  if (!token) throw new Error("no invitation was emailed");
  return token;
}

async function roles(tenantId: string) {
  const rows = await getDb().membership.findMany({ where: { tenantId }, select: { role: true } });
  return rows.map((r) => r.role).sort();
}

describe("invitation links", () => {
  it("emails a link that creates the account once, stores only the token's hash, and audits both ends", async () => {
    const { tenantId, owner } = await team();
    const email = uniqueEmail("invitee");
    const { inviteId } = await inviteMember(owner, { email, role: "billing" });
    expect(await outbox(tenantId)).toHaveLength(1);
    const token = await lastToken(owner.tenant.id);
    const row = await getDb().invite.findUniqueOrThrow({ where: { id: inviteId } });
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);

    expect(await getInviteForToken(token)).toMatchObject({ status: "valid", email, role: "billing", accountExists: false });
    await acceptInviteWithNewAccount({ token, name: "Ivy Invitee", password: PASSWORD });
    const user = await getDb().user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
    expect(user.memberships.map((m) => [m.tenantId, m.role])).toEqual([[tenantId, "billing"]]);

    // Single use: the same link again, for a new account or as the now signed-in user, is refused clearly.
    expect(await failure(acceptInviteWithNewAccount({ token, name: "Again", password: PASSWORD }))).toEqual({
      code: "conflict",
      message: INVITE_LINK_PROBLEMS.accepted,
    });
    const sessionUser = { id: user.id, email, name: user.name, isPlatformAdmin: false };
    expect((await failure(acceptInviteAsUser(sessionUser, { token }))).message).toBe(INVITE_LINK_PROBLEMS.accepted);
    expect(await getDb().membership.count({ where: { userId: user.id } })).toBe(1);

    const audit = await getDb().auditLog.findMany({ where: { tenantId, action: { startsWith: "team." } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ["team.invite", `user:${owner.user.id}`],
      ["team.invite_accept", `user:${user.id}`],
    ]);
  });

  it("two accepts of one link at once: exactly one account joins", async () => {
    const { tenantId, owner } = await team();
    const email = uniqueEmail("race");
    await inviteMember(owner, { email, role: "member" });
    const token = await lastToken(owner.tenant.id);
    const outcomes = await Promise.allSettled([
      acceptInviteWithNewAccount({ token, name: "Tab One", password: PASSWORD }),
      acceptInviteWithNewAccount({ token, name: "Tab Two", password: PASSWORD }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const rejected = outcomes.find((o) => o.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toBeInstanceOf(AppError);
    expect(await getDb().membership.count({ where: { tenantId, user: { email } } })).toBe(1);
  });

  it("an expired link fails clearly; a resend makes a new link and the old one stops working", async () => {
    const { owner } = await team();
    const email = uniqueEmail("late");
    const { inviteId } = await inviteMember(owner, { email, role: "member" });
    const first = await lastToken(owner.tenant.id);
    await getDb().invite.update({ where: { id: inviteId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getInviteForToken(first)).toMatchObject({ status: "expired" });
    expect(await failure(acceptInviteWithNewAccount({ token: first, name: "Late", password: PASSWORD }))).toEqual({
      code: "conflict",
      message: INVITE_LINK_PROBLEMS.expired,
    });

    await resendInvite(owner, { inviteId });
    const second = await lastToken(owner.tenant.id);
    expect(second).not.toBe(first);
    expect((await outbox(owner.tenant.id)).map((e) => e.key.split("|")[0])).toEqual([`invite:${inviteId}:1`, `invite:${inviteId}:2`]);
    expect(await getInviteForToken(first)).toEqual({ status: "invalid" });
    expect(await getInviteForToken(second)).toMatchObject({ status: "valid" });
    const row = await getDb().invite.findUniqueOrThrow({ where: { id: inviteId } });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
  });

  it("inviting a pending address again reissues that invite; resends are capped; a member cannot be invited", async () => {
    const { tenantId, owner } = await team();
    const email = uniqueEmail("twice");
    const first = await inviteMember(owner, { email, role: "member" });
    const second = await inviteMember(owner, { email, role: "billing" });
    expect(second.inviteId).toBe(first.inviteId);
    expect(await getDb().invite.count({ where: { tenantId, email } })).toBe(1);
    expect(await getInviteForToken(await lastToken(owner.tenant.id))).toMatchObject({ role: "billing" });
    for (let send = 3; send <= MAX_INVITE_SENDS; send += 1) await resendInvite(owner, { inviteId: first.inviteId });
    expect((await failure(resendInvite(owner, { inviteId: first.inviteId }))).code).toBe("rate_limited");
    expect(await outbox(tenantId)).toHaveLength(MAX_INVITE_SENDS);

    expect(await failure(inviteMember(owner, { email: owner.user.email, role: "member" }))).toMatchObject({ code: "conflict" });
  });

  it("caps new invitations per tenant and day", async () => {
    const { tenantId, owner } = await team();
    await getDb().invite.createMany({
      data: Array.from({ length: MAX_NEW_INVITES_PER_DAY }, (_, i) => ({
        tenantId,
        email: `bulk-${i}@example.test`,
        role: "member" as const,
        tokenHash: `bulk-${tenantId}-${i}`,
        expiresAt: new Date(Date.now() + 86_400_000),
      })),
    });
    expect((await failure(inviteMember(owner, { email: uniqueEmail("one-more"), role: "member" }))).code).toBe("rate_limited");
    expect(await outbox(tenantId)).toHaveLength(0);
  });

  it("a revoked link fails clearly and nothing is created", async () => {
    const { owner } = await team();
    const email = uniqueEmail("revoked");
    const { inviteId } = await inviteMember(owner, { email, role: "owner" });
    const token = await lastToken(owner.tenant.id);
    await revokeInvite(owner, { inviteId });
    expect(await failure(acceptInviteWithNewAccount({ token, name: "Nope", password: PASSWORD }))).toEqual({
      code: "conflict",
      message: INVITE_LINK_PROBLEMS.revoked,
    });
    expect(await getDb().user.count({ where: { email } })).toBe(0);
    // A made-up or malformed link is simply not found.
    expect(await failure(acceptInviteWithNewAccount({ token: "x".repeat(43), name: "Nope", password: PASSWORD }))).toMatchObject({ code: "not_found" });
    expect(await getInviteForToken("../../etc/passwd")).toEqual({ status: "invalid" });
  });

  it("accepting while signed in as another address is refused; as the invited address it joins", async () => {
    const { tenantId, owner } = await team();
    const other = await team();
    const invitee = await addPerson(other.tenantId, "owner");
    await inviteMember(owner, { email: invitee.user.email, role: "member" });
    const token = await lastToken(owner.tenant.id);
    expect(await getInviteForToken(token)).toMatchObject({ status: "valid", accountExists: true });

    expect((await failure(acceptInviteAsUser(owner.user, { token }))).code).toBe("forbidden");
    const stranger = await addPerson(other.tenantId, "member");
    expect(await failure(acceptInviteAsUser(stranger.user, { token }))).toMatchObject({ code: "forbidden" });
    expect(await getDb().membership.count({ where: { tenantId, userId: stranger.user.id } })).toBe(0);
    // An existing account cannot be taken over through the new-account path either.
    expect((await failure(acceptInviteWithNewAccount({ token, name: "Hijack", password: PASSWORD }))).code).toBe("conflict");

    await acceptInviteAsUser(invitee.user, { token });
    expect(await getDb().membership.findUnique({ where: { userId_tenantId: { userId: invitee.user.id, tenantId } } })).toMatchObject({ role: "member" });
  });

  it("refuses hostile input in the schemas", () => {
    expect(inviteMemberSchema.safeParse({ email: "not-an-email", role: "member" }).success).toBe(false);
    expect(inviteMemberSchema.safeParse({ email: "a@example.test", role: "admin" }).success).toBe(false);
    expect(inviteMemberSchema.safeParse({ email: `${"a".repeat(300)}@example.test`, role: "member" }).success).toBe(false);
    expect(inviteMemberSchema.parse({ email: "  Mixed@Example.TEST ", role: "member" }).email).toBe("mixed@example.test");
  });
});

describe("one owner at least", () => {
  it("two owners demoting each other at the same moment: one wins, the tenant keeps an owner", async () => {
    for (let round = 0; round < 5; round += 1) {
      const { tenantId, owner, ownerMembershipId } = await team();
      const second = await addPerson(tenantId, "owner");
      const secondContext = contextFor(owner, second, "owner");
      const outcomes = await Promise.allSettled([
        changeMemberRole(owner, { membershipId: second.membershipId, role: "member" }),
        changeMemberRole(secondContext, { membershipId: ownerMembershipId, role: "member" }),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      expect(await roles(tenantId)).toEqual(["member", "owner"]);
    }
  });

  it("two owners removing each other, or one removing while the other transfers: never zero owners", async () => {
    for (let round = 0; round < 5; round += 1) {
      const { tenantId, owner, ownerMembershipId } = await team();
      const second = await addPerson(tenantId, "owner");
      const secondContext = contextFor(owner, second, "owner");
      await Promise.allSettled([
        removeMember(owner, { membershipId: second.membershipId }),
        removeMember(secondContext, { membershipId: ownerMembershipId }),
      ]);
      expect((await roles(tenantId)).filter((r) => r === "owner")).toHaveLength(1);
    }
    const { tenantId, owner } = await team();
    const second = await addPerson(tenantId, "owner");
    const member = await addPerson(tenantId, "member");
    await Promise.allSettled([
      transferOwnership(owner, { membershipId: member.membershipId }),
      removeMember(contextFor(owner, second, "owner"), { membershipId: member.membershipId }),
    ]);
    expect((await roles(tenantId)).filter((r) => r === "owner").length).toBeGreaterThanOrEqual(1);
  });

  it("the last owner cannot demote or remove themselves; transfer hands it over in one step", async () => {
    const { tenantId, owner, ownerMembershipId } = await team();
    expect(await failure(changeMemberRole(owner, { membershipId: ownerMembershipId, role: "billing" }))).toEqual({
      code: "conflict",
      message: LAST_OWNER_MESSAGE,
    });
    expect(await failure(removeMember(owner, { membershipId: ownerMembershipId }))).toMatchObject({ code: "conflict" });
    const member = await addPerson(tenantId, "member");
    await transferOwnership(owner, { membershipId: member.membershipId });
    expect(await getDb().membership.findUniqueOrThrow({ where: { id: member.membershipId } })).toMatchObject({ role: "owner" });
    expect(await getDb().membership.findUniqueOrThrow({ where: { id: ownerMembershipId } })).toMatchObject({ role: "billing" });
    // The former owner lost the team on the spot, even with a context that still says "owner".
    expect((await failure(inviteMember(owner, { email: uniqueEmail("late"), role: "member" }))).code).toBe("not_found");
    const audit = await getDb().auditLog.findFirstOrThrow({ where: { tenantId, action: "team.ownership_transfer" } });
    expect(audit.after).toMatchObject({ owner: member.user.email });
  });
});

describe("another tenant's ids and other roles", () => {
  it("an owner naming another tenant's invite or member gets not found, and nothing changes", async () => {
    const mine = await team();
    const theirs = await team();
    const theirMember = await addPerson(theirs.tenantId, "member");
    const { inviteId } = await inviteMember(theirs.owner, { email: uniqueEmail("theirs"), role: "member" });

    for (const attempt of [
      () => resendInvite(mine.owner, { inviteId }),
      () => revokeInvite(mine.owner, { inviteId }),
      () => changeMemberRole(mine.owner, { membershipId: theirMember.membershipId, role: "owner" }),
      () => changeMemberRole(mine.owner, { membershipId: theirs.ownerMembershipId, role: "member" }),
      () => removeMember(mine.owner, { membershipId: theirMember.membershipId }),
      () => transferOwnership(mine.owner, { membershipId: theirMember.membershipId }),
    ]) {
      expect((await failure(attempt())).code).toBe("not_found");
    }
    expect(await outbox(theirs.tenantId)).toHaveLength(1);
    expect(await outbox(mine.tenantId)).toHaveLength(0);
    expect(await getDb().invite.findUniqueOrThrow({ where: { id: inviteId } })).toMatchObject({ revokedAt: null, sendCount: 1 });
    expect((await roles(theirs.tenantId)).sort()).toEqual(["member", "owner"]);
    expect(await roles(mine.tenantId)).toEqual(["owner"]);
  });

  it("billing admins and members cannot change the team", async () => {
    const { tenantId, owner, ownerMembershipId } = await team();
    for (const role of ["billing", "member"] as const) {
      const person = await addPerson(tenantId, role);
      const context = contextFor(owner, person, role);
      expect((await failure(inviteMember(context, { email: uniqueEmail("x"), role: "owner" }))).code).toBe("not_found");
      expect((await failure(changeMemberRole(context, { membershipId: person.membershipId, role: "owner" }))).code).toBe("not_found");
      expect((await failure(removeMember(context, { membershipId: ownerMembershipId }))).code).toBe("not_found");
    }
    expect(await outbox(tenantId)).toHaveLength(0);
    expect(await roles(tenantId)).toEqual(["billing", "member", "owner"]);
  });
});
