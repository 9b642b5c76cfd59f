// The six people of the matrix, signed in through next-auth with real cookies: the seeded demo tenant's owner,
// billing admin and member, the platform admin, another tenant's owner (signed up like anyone), and a guest.
import Stripe from "stripe";
import { signUp } from "@/lib/accounts/sign-up";
import type { Cluster } from "./cluster";
import { openSql, type Sql } from "./db";
import { HttpSession, type Recorder } from "./http-client";
import type { Persona } from "./matrix";

export type Personas = {
  sessions: Record<Persona, HttpSession>;
  params: Record<string, string>;
  demoTenantId: string;
  otherTenantId: string;
  otherOwnerEmail: string;
  sql: Sql;
};

export async function preparePersonas(cluster: Cluster, baseUrl: string, record: Recorder): Promise<Personas> {
  const sql = openSql(cluster.databaseUrl);
  const password = cluster.secrets.demoPassword;
  const otherOwnerEmail = `other-owner-${Date.now()}@example.test`;
  const other = await signUp({ email: otherOwnerEmail, password, name: "Other Owner", tenantName: "Other Tenant Ltd" });
  // The matrix is about who may reach what, not the inbox (the e2e suite opens the real link): confirmed like the demo accounts.
  await sql.query(`UPDATE "User" SET "emailVerifiedAt" = now() WHERE email = $1`, [otherOwnerEmail]);
  const sessions = {} as Record<Persona, HttpSession>;
  const logins: Record<Exclude<Persona, "anonymous">, string> = {
    member: "member@demo.local",
    billing: "billing@demo.local",
    owner: "owner@demo.local",
    otherOwner: otherOwnerEmail,
    admin: "admin@demo.local",
  };
  sessions.anonymous = new HttpSession("anonymous", baseUrl, record);
  for (const [persona, email] of Object.entries(logins) as [Exclude<Persona, "anonymous">, string][]) {
    const session = new HttpSession(persona, baseUrl, record);
    await session.signIn(email, password);
    sessions[persona] = session;
  }
  const demo = await sql.query<{ id: string }>(`SELECT "id" FROM "Tenant" WHERE "slug" = 'demo-co'`);
  const plan = await sql.query<{ key: string }>(`SELECT "key" FROM "Plan" WHERE "active" ORDER BY "key" LIMIT 1`);
  const demoTenantId = demo.rows[0]?.id ?? "";

  // One ledger row so the event detail page has something real to show.
  const event = { id: `evt_matrix_${Date.now()}`, object: "event", api_version: "2026-10-28.endive", created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type: "customer.created", data: { object: { id: "cus_matrix", object: "customer", metadata: {} } } };
  const body = JSON.stringify(event);
  const signature = new Stripe("sk_test_sign", { telemetry: false }).webhooks.generateTestHeaderString({ payload: body, secret: cluster.secrets.webhookSecret });
  await fetch(`${baseUrl}/api/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body });

  return {
    sessions,
    params: { plan: plan.rows[0]?.key ?? "starter", tenantId: demoTenantId, eventId: event.id },
    demoTenantId,
    otherTenantId: other.tenantId,
    otherOwnerEmail,
    sql,
  };
}
