import { describe, expect, it } from "vitest";
import { describeActor, describeAudit } from "./describe-audit";

const row = (action: string, before: unknown, after: unknown) => ({ actor: "user:u1", action, before, after, reason: null });

describe("audit sentences", () => {
  it("words tenant actions with amounts in currency units", () => {
    expect(describeAudit(row("tenant.plan_change", { plan: "Pro (monthly)" }, { plan: "Pro (yearly)", chargedNow: 44101, nextInvoiceAmount: 49000, currency: "usd" }))).toBe(
      "Changed the plan from Pro (monthly) to Pro (yearly); charged $441.01 now, next invoice $490.00.",
    );
    expect(describeAudit(row("tenant.seat_change", { plan: "Team (monthly)", seats: 2 }, { plan: "Team (monthly)", seats: 3, chargedNow: 600, currency: "usd" }))).toBe(
      "Changed the seats of Team (monthly) from 2 to 3; charged $6.00 now.",
    );
    expect(describeAudit(row("tenant.cancel_now", { plan: "Starter" }, {}))).toBe("Canceled the Starter subscription immediately; access ended at once, no refund.");
    expect(describeAudit(row("tenant.cancel_at_period_end", { plan: "Pro" }, { periodEnd: "2027-01-01T00:00:00.000Z", feedback: "too_expensive", comment: "x" }))).toBe(
      "Set the Pro subscription to cancel at the end of the period (2027-01-01). Reason: It's too expensive.",
    );
    expect(describeAudit(row("tenant.payment_method_change", { card: "visa •••• 4242" }, { card: "mastercard •••• 4444" }))).toBe(
      "Changed the card on file from visa •••• 4242 to mastercard •••• 4444.",
    );
    expect(describeAudit(row("tenant.resume_paused", { plan: "Starter (monthly)", status: "paused" }, { status: "active", chargedNow: 1900, currency: "usd" }))).toBe(
      "Added a payment method and resumed the paused Starter (monthly) subscription; charged $19.00 now.",
    );
  });

  it("words billing-details changes: what changed, from what to what", () => {
    const berlin = "Unter den Linden 1, 10117 Berlin, DE";
    expect(describeAudit(row("tenant.billing_address_change", null, { name: "Anchor GmbH", address: berlin }))).toBe(
      `Set the billing details: name Anchor GmbH, address ${berlin}.`,
    );
    expect(describeAudit(row("tenant.billing_address_change", { name: "Anchor GmbH", address: berlin }, { name: "Anchor GmbH", address: "1 Main St, Dublin, D02, IE" }))).toBe(
      `Changed the billing address from ${berlin} to 1 Main St, Dublin, D02, IE.`,
    );
    expect(describeAudit(row("tenant.billing_address_change", { name: "Anchor", address: berlin }, { name: "Anchor GmbH", address: berlin }))).toBe(
      "Changed the billing name from Anchor to Anchor GmbH.",
    );
    expect(describeAudit(row("tenant.tax_id_add", null, { type: "eu_vat", value: "DE123456789" }))).toBe("Added the tax ID DE123456789 (eu_vat).");
    expect(describeAudit(row("tenant.tax_id_remove", { type: "eu_vat", value: "DE123456789" }, {}))).toBe("Removed the tax ID DE123456789 (eu_vat).");
  });

  it("words admin actions, never minor units", () => {
    expect(describeAudit(row("admin.view_as_tenant", null, { view: "billing" }))).toBe("Viewed the tenant's billing dashboard as the tenant sees it (read-only).");
    expect(
      describeAudit(row("admin.refund", { amount: 9999, amountRefunded: 0, currency: "usd" }, { amount: 5000, currency: "usd", stripeChargeId: "ch_1", stripeRefundId: "re_1", status: "succeeded" })),
    ).toBe("Refunded $50.00 of a $99.99 payment (charge ch_1, refund re_1, succeeded).");
    expect(describeAudit(row("admin.invoice_retry", { amountRemaining: 1900, currency: "usd" }, { stripeInvoiceId: "in_1", paid: false, message: "Your card was declined." }))).toBe(
      "Retried invoice in_1 ($19.00 due): not paid — Your card was declined.",
    );
    expect(describeActor("admin:abc", "ops@example.com")).toBe("Admin (ops@example.com)");
  });

  it("words team changes", () => {
    expect(describeAudit(row("team.role_change", { email: "a@x.test", role: "owner" }, { email: "a@x.test", role: "member" }))).toBe(
      "Changed a@x.test's role from owner to member.",
    );
    expect(describeAudit(row("team.ownership_transfer", { owner: "a@x.test" }, { owner: "b@x.test" }))).toBe(
      "Handed ownership from a@x.test to b@x.test; a@x.test is now a billing admin.",
    );
    expect(describeAudit(row("team.invite_revoke", { email: "c@x.test", role: "member" }, null))).toBe("Revoked the invitation to c@x.test.");
  });

  it("falls back to a plain sentence for an action it does not know", () => {
    expect(describeAudit(row("something.new_here", null, null))).toBe("something new here.");
  });
});
