// Every export of app/admin/actions.ts, walked: a guest is unauthenticated, a tenant owner and a member get
// not_found (as if the action did not exist), and an admin gets past the guard to input validation.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/testing/auth/fake-request"));

import { hashPassword } from "@/lib/accounts/password";
import { prepareAuthTestEnv, uniqueEmail } from "@/testing/auth/auth-test-env";
import { resetRequest, signInThroughNextAuth } from "@/testing/auth/fake-request";
import { getDb } from "@/lib/db/client";
import { createTestTenant } from "@/testing/test-db";
import * as adminActions from "@/app/admin/actions";
import { GET as exportTenants } from "@/app/admin/tenants/export/route";

const PASSWORD = "correct horse battery";
type AnyAction = (input: unknown) => Promise<{ ok: boolean; error?: { code: string } }>;
const actions = Object.entries(adminActions) as [string, AnyAction][];

// Inputs that would pass validation, so a refusal can only come from the guard.
const VALID: Record<string, unknown> = {
  refundPaymentAction: { paymentId: "pay_x", amount: 100, reason: "because", requestId: "req-12345678" },
  cancelTenantSubscriptionAction: { tenantId: "t_x", mode: "now", reason: "because", requestId: "req-12345678" },
  retryInvoiceAction: { invoiceId: "inv_x", requestId: "req-12345678" },
  replayWebhookEventAction: { eventId: "evt_x" },
  fillWebhookGapAction: { since: new Date().toISOString() },
  runDriftCheckAction: { repair: true },
  signOutUserEverywhereAction: { tenantId: "t_x", userId: "u_x" },
};

let ip = 0;
async function signInAs(email: string) {
  resetRequest();
  ip += 1;
  const result = await signInThroughNextAuth({ email, password: PASSWORD, ip: `198.51.100.${ip % 250}` });
  expect(result).toEqual({ ok: true, error: null });
}

async function user(role: "owner" | "member" | "admin", tenantId: string) {
  const email = uniqueEmail(role);
  const created = await getDb().user.create({
    data: { email, name: role, passwordHash: await hashPassword(PASSWORD), isPlatformAdmin: role === "admin" },
  });
  if (role !== "admin") await getDb().membership.create({ data: { userId: created.id, tenantId, role } });
  return email;
}

let tenantName: string;
let owner: string;
let member: string;
let admin: string;

beforeAll(async () => {
  prepareAuthTestEnv();
  const tenant = await createTestTenant({ name: `=Export, "quoted" ${Date.now()}` });
  tenantName = tenant.name;
  [owner, member, admin] = await Promise.all([user("owner", tenant.id), user("member", tenant.id), user("admin", tenant.id)]);
});
afterAll(async () => {
  await getDb().$disconnect();
});

describe("admin actions", () => {
  it("are all listed here, so a new one cannot skip this suite", () => {
    expect(actions.map(([name]) => name).sort()).toEqual(Object.keys(VALID).sort());
  });

  it("refuse a guest as unauthenticated", async () => {
    resetRequest();
    for (const [name, action] of actions) {
      expect((await action(VALID[name])).error?.code, name).toBe("unauthenticated");
    }
  });

  it.each(["owner", "member"] as const)("answer a tenant %s with not_found, whatever the input", async (who) => {
    await signInAs(who === "owner" ? owner : member);
    for (const [name, action] of actions) {
      expect(await action(VALID[name]), name).toEqual({ ok: false, error: { code: "not_found", message: "Not found." } });
      expect((await action({})).error?.code, `${name} without input`).toBe("not_found");
    }
  });

  it("let an admin through the guard to validation", async () => {
    await signInAs(admin);
    for (const [name, action] of actions) {
      expect((await action({ bogus: true })).error?.code, name).toBe("invalid_input");
    }
  });
});

describe("GET /admin/tenants/export", () => {
  const request = () => new Request(`http://localhost/admin/tenants/export?q=${encodeURIComponent(tenantName)}`);
  const route = { params: Promise.resolve({}) };

  it("is a 404 for a tenant owner", async () => {
    await signInAs(owner);
    expect((await exportTenants(request(), route)).status).toBe(404);
  });

  it("streams the filtered tenants as CSV to an admin, quoting cells a spreadsheet would run", async () => {
    await signInAs(admin);
    const response = await exportTenants(request(), route);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0]).toBe("tenant_id,name,slug,stripe_customer_id,plan,status,mrr,currency,next_renewal,last_payment,failed_attempts");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'${tenantName.replace(/"/g, '""')}"`);
    expect(lines[1]).toContain(",none,0.00,usd,,,0");
  });
});
