// What several e2e specs share: the test password, fresh addresses, the SDK and the database of the stack the
// global setup started, and the card form of the Stripe.js stand-in.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import pg from "pg";
import Stripe from "stripe";

/** Every account the specs create signs up with it (the password policy accepts it). */
export const PASSWORD = "correct-horse-battery-staple";

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${randomBytes(3).toString("hex")}@example.test`;
}

/** The official SDK against the stack's emulator: Stripe's state, read the way the app reads it. */
export function stripeClient(): Stripe {
  const url = new URL(process.env.E2E_STRIPE_URL ?? "http://127.0.0.1:1");
  return new Stripe(process.env.E2E_STRIPE_SECRET_KEY ?? "sk_test_e2e", {
    host: url.hostname,
    port: url.port,
    protocol: url.protocol === "https:" ? "https" : "http",
    telemetry: false,
    maxNetworkRetries: 0,
  });
}

/** One query on the stack's throwaway database. */
export async function query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  try {
    return (await db.query<T>(sql, params)).rows;
  } finally {
    await db.end();
  }
}

export async function typeCard(page: Page, number: string): Promise<void> {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiration date").fill("12 / 34");
  await page.getByLabel("Security code").fill("123");
}

/**
 * Signs `event` with the endpoint secret the stack's emulator signs with (read from its control route, which takes
 * the secret key) and delivers it to the app, as Stripe would.
 */
export async function deliverSignedEvent(event: object): Promise<Response> {
  const control = await fetch(`${process.env.E2E_STRIPE_URL}/_local/webhook`, {
    headers: { authorization: `Bearer ${process.env.E2E_STRIPE_SECRET_KEY}` },
  });
  const { secret } = (await control.json()) as { secret: string };
  const body = JSON.stringify(event);
  const signer = new Stripe("sk_test_signer", { telemetry: false });
  return fetch(`${process.env.E2E_BASE_URL}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signer.webhooks.generateTestHeaderString({ payload: body, secret }) },
    body,
  });
}
