// Accounts, sign-in and authorisation against a real PostgreSQL, signing in through next-auth itself.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";

vi.mock("next/headers", () => import("@/testing/auth/fake-request"));

import { hashPassword } from "@/lib/accounts/password";
import { signUp, SIGN_UP_FAILED } from "@/lib/accounts/sign-up";
import { adminAction, tenantAction, userAction } from "@/lib/actions/safe-action";
import { prepareAuthTestEnv, uniqueEmail } from "@/testing/auth/auth-test-env";
import { resetRequest, signInThroughNextAuth } from "@/testing/auth/fake-request";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { withAdmin } from "@/lib/http/with-admin";
import { withTenant } from "@/lib/http/with-tenant";
import { requireAdmin, requireTenantRole, requireUser } from "./guards";
import {
  ACCOUNT_UNDER_ATTACK_FAILURES,
  MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
  MAX_FAILURES_PER_ADDRESS,
  MAX_SIGN_UPS_PER_IP,
  beginLoginAttempt,
  finishLoginAttempt,
  recordSignUpAttempt,
} from "./login-rate-limit";
import { verifyCredentials } from "./verify-credentials";

const PASSWORD = "correct horse battery";
beforeAll(() => {
  prepareAuthTestEnv();
});
afterAll(async () => {
  await getDb().$disconnect();
});

let ipCounter = 0;
/** Each test signs in from its own address so per-IP counts never leak between tests (a fresh database per run). */
function freshIp(): string {
  ipCounter += 1;
  return `2001:db8::${(process.pid % 0xffff).toString(16)}:${ipCounter.toString(16)}`;
}

/**
 * A wrong guess as the limiter records it, without the password check: verifyCredentials takes this reservation
 * before its scrypt and a wrong password leaves it as the failure. Each real check costs ~130 ms of CPU (N=2^15),
 * so the rate-limit tests make most of their attempts here and a few through verifyCredentials or next-auth, which
 * keeps the real path in every count. Answers whether the attempt was let through to a password check.
 */
async function failedAttempt(email: string, ip: string | null): Promise<boolean> {
  const reservation = await beginLoginAttempt(email, ip);
  if (reservation) await finishLoginAttempt(reservation, false);
  return reservation !== null;
}

async function signedUpOwner(tenantName = "Acme Rockets") {
  const email = uniqueEmail("owner");
  const result = await signUp({ email, password: PASSWORD, name: "Olive Owner", tenantName });
  return { ...result, email };
}

async function addMember(tenantId: string, role: "owner" | "billing" | "member", options: { admin?: boolean } = {}) {
  const email = uniqueEmail(role);
  const user = await getDb().user.create({
    data: { email, name: `${role} user`, passwordHash: await hashPassword(PASSWORD), isPlatformAdmin: options.admin ?? false },
  });
  await getDb().membership.create({ data: { userId: user.id, tenantId, role } });
  return { userId: user.id, email };
}

async function signInAs(email: string) {
  resetRequest();
  const result = await signInThroughNextAuth({ email, password: PASSWORD, ip: freshIp() });
  expect(result).toEqual({ ok: true, error: null });
}

/** Runs a page guard and reports what Next would do: render, 404, or redirect. */
async function guardOutcome(guard: () => Promise<unknown>): Promise<string> {
  try {
    await guard();
    return "allowed";
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.includes("404")) return "404";
    if (digest.startsWith("NEXT_REDIRECT")) return `redirect ${digest.split(";")[2]}`;
    throw error;
  }
}

const ownerOnly = tenantAction(["owner", "billing"], z.object({ note: z.string().optional(), tenantId: z.string().optional() }), async (_input, ctx) => ({
  tenantId: ctx.tenant.id,
  role: ctx.role,
}));
const whoAmI = userAction(z.object({}), async (_input, ctx) => ctx.user.email);
const adminOnly = adminAction(z.object({}), async (_input, ctx) => ctx.user.id);

describe("sign up", () => {
  it("creates the user, a tenant and the owner membership together", async () => {
    const { userId, tenantId, email } = await signedUpOwner("Acme Rockets");
    const membership = await getDb().membership.findUnique({
      where: { userId_tenantId: { userId, tenantId } },
      include: { tenant: true, user: true },
    });
    expect(membership?.role).toBe("owner");
    expect(membership?.tenant.name).toBe("Acme Rockets");
    expect(membership?.tenant.slug).toMatch(/^acme-rockets(-\d+)?$/);
    expect(membership?.user.email).toBe(email);
  });

  it("normalises the email and gives a second tenant with the same name its own slug", async () => {
    const email = uniqueEmail("Mixed.Case");
    const first = await signUp({ email: `  ${email.toUpperCase()} `, password: PASSWORD, name: "A", tenantName: "Same Name Ltd" });
    const second = await signedUpOwner("Same Name Ltd");
    expect(first.email).toBe(email.toLowerCase());
    const slugs = await getDb().tenant.findMany({ where: { id: { in: [first.tenantId, second.tenantId] } }, select: { slug: true } });
    expect(new Set(slugs.map((t) => t.slug)).size).toBe(2);
  });

  it("refuses a taken email generically and writes nothing more", async () => {
    const { email } = await signedUpOwner();
    const tenantsBefore = await getDb().tenant.count();
    const attempt = signUp({ email, password: "another password", name: "Eve", tenantName: "Eve Corp" });
    await expect(attempt).rejects.toMatchObject({ code: "conflict", message: SIGN_UP_FAILED });
    expect(await getDb().tenant.count()).toBe(tenantsBefore);
  });

  it("rejects a short password and a malformed email with field errors", async () => {
    const attempt = signUp({ email: "not-an-email", password: "short", name: "X", tenantName: "Y" });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { email: expect.any(Array), password: expect.any(Array) } });
  });

  it("leaves no user or tenant behind when the membership insert fails halfway", async () => {
    const tenantName = `Fail Halfway ${Date.now()}`;
    const db = getDb();
    // A real database failure on the third insert of the transaction, for this tenant name only.
    await db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION auth_test_fail_membership() RETURNS trigger AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM "Tenant" WHERE id = NEW."tenantId" AND name LIKE 'Fail Halfway %') THEN
          RAISE EXCEPTION 'injected failure';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS auth_test_fail_membership ON "Membership"`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER auth_test_fail_membership BEFORE INSERT ON "Membership" FOR EACH ROW EXECUTE FUNCTION auth_test_fail_membership()`,
    );
    const email = uniqueEmail("halfway");
    try {
      await expect(signUp({ email, password: PASSWORD, name: "H", tenantName })).rejects.toThrow();
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS auth_test_fail_membership ON "Membership"`);
    }
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
    expect(await db.tenant.findFirst({ where: { name: tenantName } })).toBeNull();
  });
});

describe("sign in", () => {
  it("issues a session carrying the user, tenant and role", async () => {
    const { email, userId, tenantId } = await signedUpOwner();
    await signInAs(email);
    const { getSessionIdentity } = await import("./session");
    expect(await getSessionIdentity()).toEqual({ userId, tenantId });
    expect(await requireTenantRole(["owner"])).toMatchObject({ user: { id: userId, email }, tenant: { id: tenantId }, role: "owner" });
  });

  it("answers a wrong password and an unknown email with the same generic error", async () => {
    const { email } = await signedUpOwner();
    resetRequest();
    const wrong = await signInThroughNextAuth({ email, password: "wrong password!!", ip: freshIp() });
    const unknown = await signInThroughNextAuth({ email: uniqueEmail("nobody"), password: PASSWORD, ip: freshIp() });
    expect(wrong).toEqual({ ok: false, error: "CredentialsSignin" });
    expect(unknown).toEqual(wrong);
  });

  it("refuses a credentials post without next-auth's CSRF token", async () => {
    const { email } = await signedUpOwner();
    resetRequest();
    const result = await signInThroughNextAuth({ email, password: PASSWORD, ip: freshIp(), forgeCsrf: true });
    expect(result.ok).toBe(false);
  });

  it("never locks the right password out from an address that has not been failing, the admin's included (#12.5)", async () => {
    const { email, tenantId } = await signedUpOwner();
    const admin = await addMember(tenantId, "member", { admin: true });
    for (const target of [email, admin.email]) {
      resetRequest();
      // Ten wrong passwords from one attacking address (the first a real check), then twenty more from twenty others.
      const attacker = freshIp();
      expect(await verifyCredentials({ email: target, password: "wrong", ip: attacker })).toEqual({ ok: false, reason: "invalid" });
      await Promise.all(Array.from({ length: ACCOUNT_UNDER_ATTACK_FAILURES - 1 }, () => failedAttempt(target, attacker)));
      await Promise.all(Array.from({ length: 20 }, () => failedAttempt(target, freshIp())));
      // Through next-auth from the owner's own address: signed in.
      expect(await signInThroughNextAuth({ email: target, password: PASSWORD, ip: freshIp() })).toEqual({ ok: true, error: null });
      // The attacking address stays refused for this account, even with the right password, with the same error.
      expect(await verifyCredentials({ email: target, password: PASSWORD, ip: attacker })).toEqual({ ok: false, reason: "rate_limited" });
    }
  }, 120_000);

  it("gives an address a few guesses per account, and one guess per address once the account is under attack", async () => {
    const { email } = await signedUpOwner();
    const ip = freshIp();
    expect(await verifyCredentials({ email, password: "wrong", ip })).toEqual({ ok: false, reason: "invalid" });
    for (let i = 1; i < MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i += 1) expect(await failedAttempt(email, ip)).toBe(true);
    expect(await verifyCredentials({ email, password: "wrong again", ip })).toEqual({ ok: false, reason: "rate_limited" });
    expect(await verifyCredentials({ email, password: PASSWORD, ip })).toEqual({ ok: false, reason: "rate_limited" });
    // Past the account threshold, a new address gets exactly one check.
    for (let i = MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS; i < ACCOUNT_UNDER_ATTACK_FAILURES; i += 1) expect(await failedAttempt(email, freshIp())).toBe(true);
    const botnetMember = freshIp();
    expect(await verifyCredentials({ email, password: "guess one", ip: botnetMember })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials({ email, password: "guess two", ip: botnetMember })).toEqual({ ok: false, reason: "rate_limited" });
  });

  it("runs no more password checks than the limit allows under 40 parallel guesses (#12.2)", async () => {
    const { email } = await signedUpOwner();
    const ip = freshIp();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => verifyCredentials({ email, password: `parallel ${i}`, ip })));
    // "invalid" is only ever answered after a full password check.
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(40 - MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS);
  });

  it("ignores a client-typed X-Forwarded-For: the TCP peer is the address that gets limited (#12.2)", async () => {
    const { email } = await signedUpOwner();
    const peer = freshIp();
    resetRequest();
    // Two sprayed guesses through next-auth, each under another forged header: both count against the peer.
    for (const forwardedFor of ["203.0.113.7", ","]) {
      expect(await signInThroughNextAuth({ email: uniqueEmail("spray"), password: "guess guess", ip: peer, forwardedFor })).toEqual({ ok: false, error: "CredentialsSignin" });
    }
    expect(await getDb().loginAttempt.count({ where: { key: `ip:${peer}` } })).toBe(2);
    for (let i = 2; i < MAX_FAILURES_PER_ADDRESS; i += 1) expect(await failedAttempt(uniqueEmail("spray"), peer)).toBe(true);
    for (const forwardedFor of ["203.0.113.51", ",", ""]) {
      expect(await signInThroughNextAuth({ email, password: PASSWORD, ip: peer, forwardedFor })).toEqual({ ok: false, error: "CredentialsSignin" });
    }
    expect(await signInThroughNextAuth({ email, password: PASSWORD, ip: freshIp(), forwardedFor: "203.0.113.50" })).toEqual({ ok: true, error: null });
  }, 120_000);

  it("limits requests without a usable address as one shared bucket, never not at all (#12.2)", async () => {
    const { email } = await signedUpOwner();
    const before = await getDb().loginAttempt.count({ where: { key: "ip:unknown" } });
    await Promise.all(
      Array.from({ length: Math.max(0, MAX_FAILURES_PER_ADDRESS - before) }, () => failedAttempt(uniqueEmail("anon"), null)),
    );
    expect(await verifyCredentials({ email, password: PASSWORD, ip: null })).toEqual({ ok: false, reason: "rate_limited" });
    expect(await verifyCredentials({ email, password: PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
    await getDb().loginAttempt.deleteMany({ where: { key: { endsWith: "unknown" } } });
  });

  it("locks an address that sprays many emails, for every account", async () => {
    const { email } = await signedUpOwner();
    const ip = freshIp();
    const sprayed = await Promise.all(Array.from({ length: MAX_FAILURES_PER_ADDRESS - 1 }, () => failedAttempt(uniqueEmail("spray"), ip)));
    expect(sprayed).toEqual(Array.from({ length: MAX_FAILURES_PER_ADDRESS - 1 }, () => true));
    // The last guess the address has, through the real check.
    expect(await verifyCredentials({ email: uniqueEmail("spray"), password: "guess guess", ip })).toEqual({ ok: false, reason: "invalid" });
    expect(await verifyCredentials({ email, password: PASSWORD, ip })).toEqual({ ok: false, reason: "rate_limited" });
    // The same account from elsewhere is unaffected.
    expect(await verifyCredentials({ email, password: PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
  });
});

describe("sign-in housekeeping", () => {
  it("upgrades a hash written with weaker parameters at the next successful sign-in", async () => {
    const { scryptSync } = await import("node:crypto");
    const salt = Buffer.alloc(16, 3);
    const key = scryptSync(PASSWORD, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const email = uniqueEmail("legacy");
    await getDb().user.create({
      data: { email, name: "Legacy", passwordHash: ["scrypt", 2 ** 14, 8, 1, salt.toString("base64"), key.toString("base64")].join("$") },
    });
    expect(await verifyCredentials({ email, password: PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
    const { passwordHash } = await getDb().user.findUniqueOrThrow({ where: { email }, select: { passwordHash: true } });
    expect(passwordHash.startsWith("scrypt$32768$")).toBe(true);
    expect(await verifyCredentials({ email, password: PASSWORD, ip: freshIp() })).toMatchObject({ ok: true });
  });

  it("caps sign-ups per address per hour", async () => {
    const ip = freshIp();
    for (let i = 0; i < MAX_SIGN_UPS_PER_IP; i += 1) expect(await recordSignUpAttempt(ip)).toEqual({ allowed: true });
    expect(await recordSignUpAttempt(ip)).toEqual({ allowed: false });
    expect(await recordSignUpAttempt(freshIp())).toEqual({ allowed: true });
  });

  it("caps sign-ups without a usable address as one shared bucket, and counts atomically (#12.2)", async () => {
    await getDb().loginAttempt.deleteMany({ where: { key: "signup-ip:unknown" } });
    const results = await Promise.all(Array.from({ length: MAX_SIGN_UPS_PER_IP + 10 }, () => recordSignUpAttempt(null)));
    expect(results.filter((r) => r.allowed)).toHaveLength(MAX_SIGN_UPS_PER_IP);
    await getDb().loginAttempt.deleteMany({ where: { key: "signup-ip:unknown" } });
  });
});

describe("guarded actions and guards", () => {
  it("lets owner and billing through an owner/billing action and refuses a member with not_found", async () => {
    const { tenantId, email: ownerEmail } = await signedUpOwner();
    const billing = await addMember(tenantId, "billing");
    const member = await addMember(tenantId, "member");

    await signInAs(ownerEmail);
    expect(await ownerOnly({})).toEqual({ ok: true, data: { tenantId, role: "owner" } });
    await signInAs(billing.email);
    expect(await ownerOnly({})).toEqual({ ok: true, data: { tenantId, role: "billing" } });
    await signInAs(member.email);
    expect(await ownerOnly({})).toEqual({ ok: false, error: { code: "not_found", message: "Not found." } });
    expect(await guardOutcome(() => requireTenantRole(["owner", "billing"]))).toBe("404");
    expect(await guardOutcome(() => requireTenantRole())).toBe("allowed");
  });

  it("takes the tenant from the session: another tenant's id in the input is refused", async () => {
    const a = await signedUpOwner("Tenant A");
    const b = await signedUpOwner("Tenant B");
    await signInAs(a.email);
    expect(await ownerOnly({ tenantId: b.tenantId })).toEqual({ ok: false, error: { code: "not_found", message: "Not found." } });
    const form = new FormData();
    form.set("tenantId", b.tenantId);
    expect(await ownerOnly(form)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await ownerOnly({ tenantId: a.tenantId })).toEqual({ ok: true, data: { tenantId: a.tenantId, role: "owner" } });
  });

  it("re-checks the database: a removed member loses access with a still-valid cookie", async () => {
    const { tenantId } = await signedUpOwner();
    const billing = await addMember(tenantId, "billing");
    await signInAs(billing.email);
    expect(await ownerOnly({})).toMatchObject({ ok: true });
    await getDb().membership.delete({ where: { userId_tenantId: { userId: billing.userId, tenantId } } });
    expect(await ownerOnly({})).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("keeps admin actions and pages from non-admins with not_found", async () => {
    const { email, tenantId } = await signedUpOwner();
    await signInAs(email);
    expect(await adminOnly({})).toEqual({ ok: false, error: { code: "not_found", message: "Not found." } });
    expect(await guardOutcome(() => requireAdmin())).toBe("404");

    const admin = await addMember(tenantId, "member", { admin: true });
    await signInAs(admin.email);
    expect(await adminOnly({})).toEqual({ ok: true, data: admin.userId });
    expect(await guardOutcome(() => requireAdmin())).toBe("allowed");
  });

  it("sends guests to sign-in (pages) or answers unauthenticated (actions)", async () => {
    resetRequest({ headers: { "x-request-path": "/billing/invoices?page=2" } });
    expect(await whoAmI({})).toEqual({ ok: false, error: { code: "unauthenticated", message: "Please sign in to continue." } });
    expect(await ownerOnly({})).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(await guardOutcome(() => requireUser())).toBe(`redirect /signin?callbackUrl=${encodeURIComponent("/billing/invoices?page=2")}`);
    expect(await guardOutcome(() => requireTenantRole())).toMatch(/^redirect \/signin/);
    // A tampered cookie is a guest, not an error.
    resetRequest({ cookies: { "next-auth.session-token": "not-a-real-token" } });
    expect(await whoAmI({})).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
  });

  it("validates input only after authorising, and reports field errors", async () => {
    const { email } = await signedUpOwner();
    await signInAs(email);
    const rename = tenantAction(["owner"], z.object({ name: z.string().min(3, "Too short.") }), async (input) => input.name);
    expect(await rename({ name: "ab" })).toEqual({
      ok: false,
      error: { code: "invalid_input", message: "Please check the highlighted fields.", fieldErrors: { name: ["Too short."] } },
    });
    resetRequest();
    expect(await rename({ name: "ab" })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
  });
});

describe("route handler wrappers", () => {
  const tenantRoute = withTenant(["owner"], async (_request, { tenant }) => Response.json({ tenantId: tenant.id }));
  const adminRoute = withAdmin(async () => Response.json({ ok: true }));
  const request = () => new Request("http://localhost:5050/api/example");
  const params = { params: Promise.resolve({}) };

  it("maps refusals to JSON errors with the right status", async () => {
    const { tenantId, email } = await signedUpOwner();
    const member = await addMember(tenantId, "member");

    resetRequest();
    const guest = await tenantRoute(request(), params);
    expect(guest.status).toBe(401);
    expect(await guest.json()).toEqual({ error: { code: "unauthenticated", message: "Please sign in to continue." } });

    await signInAs(member.email);
    const refused = await tenantRoute(request(), params);
    expect(refused.status).toBe(404);
    expect(await refused.json()).toEqual({ error: { code: "not_found", message: "Not found." } });
    expect((await adminRoute(request(), params)).status).toBe(404);

    await signInAs(email);
    const allowed = await tenantRoute(request(), params);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ tenantId });
  });

  it("turns an unexpected error into a generic 500 with an error id and no internals", async () => {
    const { email } = await signedUpOwner();
    await signInAs(email);
    const broken = withTenant(["owner"], async () => {
      throw new Error("connection string postgresql://secret@db leaked");
    });
    const response = await broken(request(), params);
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("internal");
    expect(body.error.message).not.toContain("postgresql");
    expect(body.error.message).toMatch(/error id [0-9a-f-]{36}/);
  });
});
