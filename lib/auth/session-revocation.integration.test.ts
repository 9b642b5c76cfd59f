// Finding #12.4 replayed: a session cookie copied before sign-out (or before an admin's "sign out everywhere",
// or a password change) must open nothing afterwards, and renewals must not extend a session past its lifetime.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/testing/auth/fake-request"));

import { encode } from "next-auth/jwt";
import { signUp } from "@/lib/accounts/sign-up";
import { createAdmin } from "@/lib/admin/create-admin";
import { signOutUserEverywhere } from "@/lib/admin/sign-out-user-everywhere";
import { prepareAuthTestEnv, uniqueEmail } from "@/testing/auth/auth-test-env";
import {
  currentCookies,
  resetRequest,
  sessionThroughNextAuth,
  signInThroughNextAuth,
  signOutThroughNextAuth,
} from "@/testing/auth/fake-request";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { requireTenantRole } from "./guards";
import { getSessionIdentity } from "./session";
import { sessionLifetimeSeconds } from "./session-version";

const PASSWORD = "correct horse battery staple";
beforeAll(() => prepareAuthTestEnv());
afterAll(async () => {
  await getDb().$disconnect();
});

let counter = 0;
const nextIp = () => `2001:db8:4::${(process.pid % 0xffff).toString(16)}:${(counter += 1).toString(16)}`;

async function signedInOwner() {
  const email = uniqueEmail("session");
  const account = await signUp({ email, password: PASSWORD, name: "Sam", tenantName: "Session Co" });
  resetRequest();
  expect(await signInThroughNextAuth({ email, password: PASSWORD, ip: nextIp() })).toMatchObject({ ok: true });
  return { ...account, email, cookies: currentCookies() };
}

/** What the billing page's guard does with these cookies: "allowed" or where it redirects. */
async function billingWith(cookies: Record<string, string>): Promise<string> {
  resetRequest({ cookies, headers: { "x-request-path": "/billing" } });
  try {
    await requireTenantRole();
    return "allowed";
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return `redirect ${digest.split(";")[2]}`;
    throw error;
  }
}

describe("session revocation (#12.4)", () => {
  it("a cookie saved before sign-out no longer opens /billing, nor is it renewed", async () => {
    const { cookies } = await signedInOwner();
    expect(await billingWith(cookies)).toBe("allowed");
    resetRequest({ cookies });
    expect(await signOutThroughNextAuth()).toBe(200);

    expect(await billingWith(cookies)).toBe("redirect /signin?callbackUrl=%2Fbilling");
    resetRequest({ cookies });
    expect(await sessionThroughNextAuth()).toEqual({ body: {}, renewed: false });
  });

  it("signing out on one device signs out the others", async () => {
    const { email } = await signedInOwner();
    const laptop = currentCookies();
    resetRequest();
    await signInThroughNextAuth({ email, password: PASSWORD, ip: nextIp() });
    const phone = currentCookies();
    resetRequest({ cookies: phone });
    await signOutThroughNextAuth();
    expect(await billingWith(laptop)).toMatch(/^redirect \/signin/);
    // A fresh sign-in works again.
    resetRequest();
    expect(await signInThroughNextAuth({ email, password: PASSWORD, ip: nextIp() })).toMatchObject({ ok: true });
    expect(await billingWith(currentCookies())).toBe("allowed");
  });

  it("an admin's sign out everywhere ends every session of the member, and is audited", async () => {
    const { cookies, userId, tenantId } = await signedInOwner();
    const admin = { id: "admin-test", email: "admin@example.test", name: "Admin", isPlatformAdmin: true };
    await signOutUserEverywhere({ tenantId, userId }, { user: admin });
    expect(await billingWith(cookies)).toMatch(/^redirect \/signin/);
    const audit = await getDb().auditLog.findFirst({ where: { tenantId, action: "admin.sessions_revoked" } });
    expect(audit?.actor).toBe("admin:admin-test");
    // Only members of that tenant: another tenant's id is not found and changes nothing.
    const other = await signedInOwner();
    await expect(signOutUserEverywhere({ tenantId, userId: other.userId }, { user: admin })).rejects.toMatchObject({ code: "not_found" });
    expect(await billingWith(other.cookies)).toBe("allowed");
  });

  it("a password change (admin:create on an existing user) ends the sessions signed in with the old one", async () => {
    const { cookies, email } = await signedInOwner();
    await createAdmin({ email, password: "a brand new passphrase" });
    expect(await billingWith(cookies)).toMatch(/^redirect \/signin/);
  });

  it("ends a session at its absolute lifetime however often it was renewed", async () => {
    const { userId, tenantId } = await signedInOwner();
    const { sessionVersion } = await getDb().user.findUniqueOrThrow({ where: { id: userId } });
    const now = Math.floor(Date.now() / 1000);
    const tokenSignedInAt = (authTime: number | undefined) =>
      encode({ token: { userId, tenantId, role: "owner", sessionVersion, ...(authTime === undefined ? {} : { authTime }) }, secret: getEnv().NEXTAUTH_SECRET ?? "" });
    const fresh = { "next-auth.session-token": await tokenSignedInAt(now - 60) };
    const old = { "next-auth.session-token": await tokenSignedInAt(now - sessionLifetimeSeconds() - 1) };
    const legacy = { "next-auth.session-token": await tokenSignedInAt(undefined) };

    expect(await billingWith(fresh)).toBe("allowed");
    resetRequest({ cookies: fresh });
    expect((await sessionThroughNextAuth()).renewed).toBe(true);

    for (const cookies of [old, legacy]) {
      expect(await billingWith(cookies)).toMatch(/^redirect \/signin/);
      resetRequest({ cookies });
      expect(await sessionThroughNextAuth()).toEqual({ body: {}, renewed: false });
      resetRequest({ cookies });
      expect(await getSessionIdentity()).toBeNull();
    }
  });
});
