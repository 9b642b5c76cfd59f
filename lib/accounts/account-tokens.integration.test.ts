// The account links against a real PostgreSQL: verification, password reset and email change are single-use,
// expire, are stored only as SHA-256, and the reset request answers a registered and an unknown address alike.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Every account email passes through here; the test keeps the links they carry (only the email has the token).
const sentLinks: { template: string; to: string; token?: string }[] = [];
vi.mock("@/lib/accounts/account-emails", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/accounts/account-emails")>();
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(original)) {
    wrapped[name] = async (tx: unknown, input: { to: string; token?: string }) => {
      sentLinks.push({ template: name, to: input.to, ...(input.token ? { token: input.token } : {}) });
      return (fn as (tx: unknown, input: unknown) => Promise<unknown>)(tx, input);
    };
  }
  return wrapped;
});

import { prepareAuthTestEnv, uniqueEmail } from "@/testing/auth/auth-test-env";
import { verifyCredentials } from "@/lib/auth/verify-credentials";
import { requireVerifiedEmail, resendVerificationEmail, verifyEmailWithToken } from "@/lib/accounts/email-verification";
import { getDb } from "@/lib/db/client";
import { deleteExpiredAccountTokens, hashToken, TOKEN_LIFETIME_MS } from "./account-tokens";
import { changePassword } from "./change-password";
import { confirmEmailChange, requestEmailChange } from "./change-email";
import { PASSWORD_RESET_NOTICE, requestPasswordReset, resetPassword } from "./password-reset";
import { signUp } from "./sign-up";

const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "a brand new long passphrase";
beforeAll(() => prepareAuthTestEnv());
afterAll(async () => {
  await getDb().$disconnect();
});

let counter = 0;
const nextIp = () => `2001:db8:7::${(process.pid % 0xffff).toString(16)}:${(counter += 1).toString(16)}`;

function lastToken(template: string, to: string): string {
  const found = sentLinks.filter((link) => link.template === template && link.to === to).at(-1);
  if (!found?.token) throw new Error(`no ${template} email to ${to}`);
  return found.token;
}

async function newAccount(prefix: string) {
  const email = uniqueEmail(prefix);
  const account = await signUp({ email, password: PASSWORD, name: "Tia", tenantName: `${prefix} Co` });
  return { ...account, email };
}

describe("email verification", () => {
  it("starts unverified, blocks billing, and one click on the link verifies and signs in, once", async () => {
    const { userId, email } = await newAccount("verify");
    await expect(requireVerifiedEmail(userId)).rejects.toMatchObject({ code: "forbidden" });
    const token = lastToken("sendVerifyEmail", email);

    // Only the hash is stored: the token itself is nowhere in the table.
    const rows = await getDb().accountToken.findMany({ where: { userId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    // The email was decided with the account, in the mail outbox, carrying the link.
    const outbox = await getDb().email.findMany({ where: { to: email }, select: { template: true, props: true } });
    expect(outbox).toEqual([{ template: "verify-email", props: { name: "Tia", path: `/verify-email?token=${token}` } }]);

    const signedIn = await verifyEmailWithToken(token);
    expect(signedIn).toMatchObject({ id: userId, email });
    await expect(requireVerifiedEmail(userId)).resolves.toBeUndefined();
    expect(await verifyEmailWithToken(token)).toBeNull();
    expect(await getDb().auditLog.count({ where: { actor: `user:${userId}`, action: "account.email_verified" } })).toBe(1);
  });

  it("refuses an expired link, and a resend voids the older one", async () => {
    const { userId, email } = await newAccount("expired");
    const first = lastToken("sendVerifyEmail", email);
    const later = new Date(Date.now() + TOKEN_LIFETIME_MS.verify_email + 1000);
    expect(await verifyEmailWithToken(first, later)).toBeNull();

    expect(await resendVerificationEmail(userId)).toEqual({ sent: true });
    const second = lastToken("sendVerifyEmail", email);
    expect(second).not.toBe(first);
    expect(await verifyEmailWithToken(first)).toBeNull();
    expect(await verifyEmailWithToken(second)).toMatchObject({ id: userId });
    expect(await resendVerificationEmail(userId)).toEqual({ sent: false });
  });

  it("two clicks racing on one link verify once", async () => {
    const { email } = await newAccount("race");
    const token = lastToken("sendVerifyEmail", email);
    const results = await Promise.all([verifyEmailWithToken(token), verifyEmailWithToken(token), verifyEmailWithToken(token)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("a link of one purpose opens nothing else", async () => {
    const { email } = await newAccount("purpose");
    const token = lastToken("sendVerifyEmail", email);
    await expect(resetPassword({ token, password: NEW_PASSWORD })).rejects.toMatchObject({ code: "invalid_input" });
    expect(await verifyEmailWithToken(token)).not.toBeNull();
  });
});

describe("password reset", () => {
  it("answers a registered and an unknown address alike, and emails only the registered one", async () => {
    const { email } = await newAccount("reset-known");
    const unknown = uniqueEmail("reset-unknown");
    const before = sentLinks.length;
    const known = await requestPasswordReset({ email, ip: nextIp() });
    const missing = await requestPasswordReset({ email: unknown, ip: nextIp() });
    expect(known).toEqual(missing);
    expect(known).toEqual({ notice: PASSWORD_RESET_NOTICE });
    expect(sentLinks.slice(before).map((link) => link.to)).toEqual([email]);
  });

  it("sets the new password once, ends every session, refuses a weak password without spending the link", async () => {
    const { userId, email } = await newAccount("reset");
    await requestPasswordReset({ email, ip: nextIp() });
    const token = lastToken("sendPasswordResetEmail", email);
    const { sessionVersion } = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });

    await expect(resetPassword({ token, password: "password1234" })).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { password: expect.any(Array) } });
    await expect(resetPassword({ token, password: NEW_PASSWORD })).resolves.toEqual({ email });
    await expect(resetPassword({ token, password: "yet another long passphrase" })).rejects.toMatchObject({ code: "invalid_input" });

    const after = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true, emailVerifiedAt: true } });
    expect(after.sessionVersion).toBe(sessionVersion + 1);
    expect(after.emailVerifiedAt).not.toBeNull();
    expect(await verifyCredentials({ email, password: PASSWORD, ip: nextIp() })).toMatchObject({ ok: false });
    expect(await verifyCredentials({ email, password: NEW_PASSWORD, ip: nextIp() })).toMatchObject({ ok: true });
  });

  it("a reset link dies after 30 minutes", async () => {
    const { email } = await newAccount("reset-late");
    await requestPasswordReset({ email, ip: nextIp() });
    const token = lastToken("sendPasswordResetEmail", email);
    await getDb().accountToken.updateMany({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(resetPassword({ token, password: NEW_PASSWORD })).rejects.toMatchObject({ code: "invalid_input" });
    expect(TOKEN_LIFETIME_MS.reset_password).toBe(30 * 60 * 1000);
  });

  it("is limited per address like sign-in, registered address or not", async () => {
    const ip = nextIp();
    const email = uniqueEmail("reset-flood");
    for (let i = 0; i < 5; i += 1) await requestPasswordReset({ email, ip });
    await expect(requestPasswordReset({ email, ip })).rejects.toMatchObject({ code: "rate_limited" });
  });
});

describe("change password and email", () => {
  it("changing the password needs the current one and ends other sessions", async () => {
    const { userId, email } = await newAccount("change-pw");
    await expect(changePassword({ userId, currentPassword: "wrong wrong wrong", newPassword: NEW_PASSWORD, ip: nextIp() })).rejects.toMatchObject({
      fieldErrors: { currentPassword: expect.any(Array) },
    });
    const { sessionVersion } = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
    await changePassword({ userId, currentPassword: PASSWORD, newPassword: NEW_PASSWORD, ip: nextIp() });
    const after = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
    expect(after.sessionVersion).toBe(sessionVersion + 1);
    expect(await verifyCredentials({ email, password: NEW_PASSWORD, ip: nextIp() })).toMatchObject({ ok: true });
  });

  it("moves the account to the new address only from the link sent there, and tells the old address", async () => {
    const { userId, email } = await newAccount("change-mail");
    const newEmail = uniqueEmail("moved");
    await requestEmailChange({ userId, currentPassword: PASSWORD, newEmail, ip: nextIp() });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: userId } })).email).toBe(email);
    const token = lastToken("sendConfirmEmailChange", newEmail);

    await expect(confirmEmailChange(token)).resolves.toEqual({ email: newEmail });
    await expect(confirmEmailChange(token)).rejects.toMatchObject({ code: "invalid_input" });
    const user = await getDb().user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.email).toBe(newEmail);
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(sentLinks.some((link) => link.template === "sendEmailChangedEmail" && link.to === email)).toBe(true);
  });

  it("an address of another account gets the same answer and no email", async () => {
    const { userId } = await newAccount("change-taken");
    const other = await newAccount("owner-of-address");
    const before = sentLinks.length;
    const answer = await requestEmailChange({ userId, currentPassword: PASSWORD, newEmail: other.email, ip: nextIp() });
    expect(answer.notice).toMatch(/We sent a link/);
    expect(sentLinks.length).toBe(before);
  });
});

describe("deleteExpiredAccountTokens", () => {
  it("drops dead links and keeps live ones", async () => {
    const { userId, email } = await newAccount("sweep");
    const live = lastToken("sendVerifyEmail", email);
    await requestPasswordReset({ email, ip: nextIp() });
    const reset = lastToken("sendPasswordResetEmail", email);
    await getDb().accountToken.updateMany({ where: { tokenHash: hashToken(reset) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const { deleted } = await deleteExpiredAccountTokens();
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = await getDb().accountToken.findMany({ where: { userId }, select: { tokenHash: true } });
    expect(left).toEqual([{ tokenHash: hashToken(live) }]);
  });
});
