import "server-only";
import { createHash } from "node:crypto";
import { getDb, type Tx } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

// Attempts are counted in PostgreSQL so the limits hold across every app instance behind a load balancer.
// Policy (README "Sign-in and sign-up limits"), per 15-minute window:
// - one address may fail 5 times for one account; then that address is refused for that account;
// - one address may fail 30 times in all (a spray over many accounts); then it is refused for every account;
// - once an account has failed 10 times from anywhere, any address that has failed for it is refused, so each
//   attacking address gets one guess; an address that has not failed for it (the owner's) still signs in.
// The right password is never refused from an address that has not been failing.
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;
export const ACCOUNT_UNDER_ATTACK_FAILURES = 10;

/** Requests whose address is missing or malformed share one bucket: limited together, never unlimited. */
export const UNKNOWN_ADDRESS = "unknown";

// Hashed so a password typed into the email field by mistake is never stored in clear.
function hashEmail(email: string): string {
  return createHash("sha256").update(email).digest("hex");
}

function loginKeys(email: string, ip: string | null) {
  const account = hashEmail(email);
  const address = ip ?? UNKNOWN_ADDRESS;
  return { account: `email:${account}`, address: `ip:${address}`, pair: `pair:${account}:${address}` };
}

/**
 * Runs `decide` with the given keys locked (transaction-scoped advisory locks, taken in a fixed order), so
 * "count, then record" is atomic across concurrent requests and instances: parallel requests queue instead
 * of all reading the same count.
 */
async function withKeysLocked<T>(keys: string[], decide: (tx: Tx, counts: Map<string, number>, since: Date) => Promise<T>, now: Date, windowMs: number): Promise<T> {
  const sorted = [...new Set(keys)].sort();
  const since = new Date(now.getTime() - windowMs);
  return getDb().$transaction(
    async (tx) => {
      for (const key of sorted) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
      const rows = await tx.loginAttempt.groupBy({ by: ["key"], where: { key: { in: sorted }, createdAt: { gt: since } }, _count: { _all: true } });
      const counts = new Map(rows.map((row) => [row.key, row._count._all]));
      return decide(tx, counts, since);
    },
    // Many parallel attempts queue on the same lock; give them time rather than failing with a 500.
    { maxWait: 15_000, timeout: 15_000 },
  );
}

export type LoginReservation = { ids: bigint[]; email: string; ip: string | null };

/**
 * Decides whether a password check may run and, if so, records it as a failure up front (the reservation), so
 * N parallel guesses never run more checks than the limits allow. finishLoginAttempt settles it.
 */
export async function beginLoginAttempt(email: string, ip: string | null, now = new Date()): Promise<LoginReservation | null> {
  const keys = loginKeys(email, ip);
  return withKeysLocked(
    [keys.account, keys.address, keys.pair],
    async (tx, counts, since) => {
      const pair = counts.get(keys.pair) ?? 0;
      const address = counts.get(keys.address) ?? 0;
      const account = counts.get(keys.account) ?? 0;
      if (pair >= MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS || address >= MAX_FAILURES_PER_ADDRESS) return null;
      if (account >= ACCOUNT_UNDER_ATTACK_FAILURES && pair > 0) return null;
      const created = await tx.loginAttempt.createManyAndReturn({
        data: [keys.account, keys.address, keys.pair].map((key) => ({ key, createdAt: now })),
        select: { id: true },
      });
      // Rows older than the window no longer count; dropping them per key keeps the table small via its index.
      await tx.loginAttempt.deleteMany({ where: { key: { in: [keys.account, keys.address, keys.pair] }, createdAt: { lt: since } } });
      return { ids: created.map((row) => row.id), email, ip };
    },
    now,
    LOGIN_WINDOW_MS,
  );
}

/**
 * A failure keeps the reservation as the failure record. A success removes it and this address's failures for
 * the account; the account's and the address's other failures stay, so one good sign-in cannot launder a spray.
 */
export async function finishLoginAttempt(reservation: LoginReservation, succeeded: boolean): Promise<void> {
  if (!succeeded) return;
  const { pair } = loginKeys(reservation.email, reservation.ip);
  await getDb().loginAttempt.deleteMany({ where: { OR: [{ id: { in: reservation.ids } }, { key: pair }] } });
}

// Sign-ups cost a scrypt and create rows: a generous per-address cap stops scripted floods, not people.
const SIGN_UP_WINDOW_MS = 60 * 60 * 1000;
/** The default of `SIGN_UPS_PER_ADDRESS_PER_HOUR`. */
export const MAX_SIGN_UPS_PER_IP = 50;

/** Counts this sign-up attempt and says whether the address (or the unknown-address bucket) is over its hourly allowance. */
export async function recordSignUpAttempt(ip: string | null, now = new Date()): Promise<{ allowed: boolean }> {
  const key = `signup-ip:${ip ?? UNKNOWN_ADDRESS}`;
  return withKeysLocked(
    [key],
    async (tx, counts, since) => {
      if ((counts.get(key) ?? 0) >= getEnv().SIGN_UPS_PER_ADDRESS_PER_HOUR) return { allowed: false };
      await tx.loginAttempt.create({ data: { key, createdAt: now } });
      await tx.loginAttempt.deleteMany({ where: { key, createdAt: { lt: since } } });
      return { allowed: true };
    },
    now,
    SIGN_UP_WINDOW_MS,
  );
}

export type Allowance = { key: string; limit: number };

/**
 * The general form (billing actions use it): takes one unit from every bucket atomically, or from none when
 * any is spent. Buckets are keys in the same table, counted over `windowMs`.
 */
export async function consumeAllowance(buckets: Allowance[], windowMs: number, now = new Date()): Promise<{ allowed: boolean; spent: string[] }> {
  const keys = buckets.map((bucket) => bucket.key);
  return withKeysLocked(
    keys,
    async (tx, counts, since) => {
      const spent = buckets.filter((bucket) => (counts.get(bucket.key) ?? 0) >= bucket.limit).map((bucket) => bucket.key);
      if (spent.length > 0) return { allowed: false, spent };
      await tx.loginAttempt.createMany({ data: keys.map((key) => ({ key, createdAt: now })) });
      await tx.loginAttempt.deleteMany({ where: { key: { in: keys }, createdAt: { lt: since } } });
      return { allowed: true, spent };
    },
    now,
    windowMs,
  );
}
