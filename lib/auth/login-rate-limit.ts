import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "@/lib/db/client";

// Failures are counted in PostgreSQL so the limit holds across every app instance behind a load balancer.
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_EMAIL = 10;
export const MAX_FAILURES_PER_IP = 30;

// Hashed so a password typed into the email field by mistake is never stored in clear.
function emailKey(email: string): string {
  return `email:${createHash("sha256").update(email).digest("hex")}`;
}

function ipKey(ip: string): string {
  return `ip:${ip}`;
}

function keysFor(email: string, ip: string | null): string[] {
  return ip ? [emailKey(email), ipKey(ip)] : [emailKey(email)];
}

export async function isLoginBlocked(email: string, ip: string | null, now = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS);
  const db = getDb();
  const [byEmail, byIp] = await Promise.all([
    db.loginAttempt.count({ where: { key: emailKey(email), createdAt: { gt: since } } }),
    ip ? db.loginAttempt.count({ where: { key: ipKey(ip), createdAt: { gt: since } } }) : Promise.resolve(0),
  ]);
  return byEmail >= MAX_FAILURES_PER_EMAIL || byIp >= MAX_FAILURES_PER_IP;
}

export async function recordLoginFailure(email: string, ip: string | null, now = new Date()): Promise<void> {
  const keys = keysFor(email, ip);
  const db = getDb();
  await db.$transaction([
    db.loginAttempt.createMany({ data: keys.map((key) => ({ key, createdAt: now })) }),
    // Rows older than the window no longer count; dropping them per key keeps the table small via its index.
    db.loginAttempt.deleteMany({
      where: { key: { in: keys }, createdAt: { lt: new Date(now.getTime() - LOGIN_WINDOW_MS) } },
    }),
  ]);
}

/** A successful sign-in clears the email's failures; the IP's stay, so one good account cannot launder a spray. */
export async function clearLoginFailures(email: string): Promise<void> {
  await getDb().loginAttempt.deleteMany({ where: { key: emailKey(email) } });
}

// Sign-ups cost a scrypt and create rows: a generous per-address cap stops scripted floods, not people.
export const SIGN_UP_WINDOW_MS = 60 * 60 * 1000;
export const MAX_SIGN_UPS_PER_IP = 50;

/** Counts this sign-up attempt and says whether the address is over its hourly allowance. */
export async function recordSignUpAttempt(ip: string | null, now = new Date()): Promise<{ allowed: boolean }> {
  if (!ip) return { allowed: true };
  const key = `signup-ip:${ip}`;
  const since = new Date(now.getTime() - SIGN_UP_WINDOW_MS);
  const db = getDb();
  const recent = await db.loginAttempt.count({ where: { key, createdAt: { gt: since } } });
  if (recent >= MAX_SIGN_UPS_PER_IP) return { allowed: false };
  await db.$transaction([
    db.loginAttempt.create({ data: { key, createdAt: now } }),
    db.loginAttempt.deleteMany({ where: { key, createdAt: { lt: since } } }),
  ]);
  return { allowed: true };
}
