import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { queueEmail } from "@/lib/mail/queue-email";

// Every email the account flows send, one function each, decided inside the caller's transaction (the mail outbox)
// so the email exists exactly when the change that causes it commits. Links are app paths; templates make them
// absolute. Account emails belong to a person, not a tenant: no tenant's email log lists them.

export function sendVerifyEmail(tx: Tx, input: { tokenId: string; token: string; to: string; name: string }) {
  return queueEmail(tx, { key: `account-token:${input.tokenId}`, to: input.to, template: "verify-email", props: { name: input.name, path: `/verify-email?token=${input.token}` } });
}

/**
 * To the holder of an address someone tried to sign up with again; none if one went in the last hour (a rolling hour:
 * a clock-hour key let two through a minute apart across the hour). The caller holds the holder's row lock.
 */
export async function sendSignUpAttemptEmail(tx: Tx, input: { userId: string; to: string; name: string }): Promise<boolean> {
  const told = await tx.$queryRaw<{ recent: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM "Email"
      WHERE "to" = ${input.to} AND "template" = 'sign-up-attempt' AND "createdAt" > now() - interval '1 hour'
    ) AS "recent"`;
  if (told[0]?.recent) return false;
  return queueEmail(tx, { key: `sign-up-attempt:${input.userId}:${randomUUID()}`, to: input.to, template: "sign-up-attempt", props: { name: input.name } });
}

export function sendPasswordResetEmail(tx: Tx, input: { tokenId: string; token: string; to: string; name: string }) {
  return queueEmail(tx, { key: `account-token:${input.tokenId}`, to: input.to, template: "password-reset", props: { name: input.name, path: `/reset-password?token=${input.token}` } });
}

/** After a reset or a change: if it was not them, they know at once. `key` names the change (user and new session version). */
export function sendPasswordChangedEmail(tx: Tx, input: { key: string; to: string; name: string }) {
  return queueEmail(tx, { key: input.key, to: input.to, template: "password-changed", props: { name: input.name } });
}

export function sendConfirmEmailChange(tx: Tx, input: { tokenId: string; token: string; to: string; name: string }) {
  return queueEmail(tx, { key: `account-token:${input.tokenId}`, to: input.to, template: "confirm-email-change", props: { name: input.name, path: `/confirm-email?token=${input.token}` } });
}

/** To the old address once the change is confirmed. */
export function sendEmailChangedEmail(tx: Tx, input: { key: string; to: string; name: string; newEmail: string }) {
  return queueEmail(tx, { key: input.key, to: input.to, template: "email-changed", props: { name: input.name, newEmail: input.newEmail } });
}
