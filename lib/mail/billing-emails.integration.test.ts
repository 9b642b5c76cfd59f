// Billing emails through the real webhook route with SDK-signed deliveries: what each event queues, to whom, and
// that a duplicated or replayed delivery queues nothing more.
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/stripe/route";
import { getDb } from "@/lib/db/client";
import { WEBHOOK_OUTCOME_HEADER } from "@/lib/webhooks/handle-stripe-event";
import { chargeObject, eventOf, invoiceObject, refundObject, subscriptionObject } from "@/testing/webhooks/fixtures";
import { signedRequest, uniqueId } from "@/testing/webhooks/webhook-test-setup";
import { uniqueEmail } from "@/testing/test-db";
import { decidePendingEmails } from "@/lib/webhooks/email-decisions";
import { mayCauseBillingEmail } from "./billing-emails";

/** Delivers, then takes the billing-email decision the delivery queued, as the server that applied it would. */
async function deliver(event: Stripe.Event): Promise<string | null> {
  const res = await POST(signedRequest(JSON.stringify(event)));
  expect(res.status).toBe(200);
  await decidePendingEmails();
  return res.headers.get(WEBHOOK_OUTCOME_HEADER);
}

/** An event's billing-email decision, while it waits. */
const pendingDecisionOf = (eventId: string) => getDb().pendingEmailDecision.findUnique({ where: { eventId } });

async function tenantWithTeam(settings: { billingEmail?: string; copyBillingAdmins?: boolean; optionalBillingEmails?: boolean } = {}) {
  const customer = uniqueId("cus");
  const owner = uniqueEmail("owner");
  const billing = uniqueEmail("billing");
  const member = uniqueEmail("member");
  const tenant = await getDb().tenant.create({
    data: {
      name: "Acme Ltd",
      slug: uniqueId("acme"),
      stripeCustomerId: customer,
      ...settings,
      memberships: {
        create: [
          { role: "owner", user: { create: { email: owner, name: "Olive", passwordHash: "x" } } },
          { role: "billing", user: { create: { email: billing, name: "Bill", passwordHash: "x" } } },
          { role: "member", user: { create: { email: member, name: "Mo", passwordHash: "x" } } },
        ],
      },
    },
  });
  return { tenantId: tenant.id, customer, owner, billing, member };
}

const emailsOf = (tenantId: string) =>
  getDb().email.findMany({ where: { tenantId }, orderBy: [{ createdAt: "asc" }, { to: "asc" }] });

async function planWithPrice(name: string, amount: number) {
  const price = uniqueId("price");
  await getDb().plan.create({ data: { key: uniqueId(name.toLowerCase()), name, amount, interval: "month", stripePriceId: price } });
  return price;
}

describe("billing emails", () => {
  it("queues one receipt to the owner for a paid renewal, however often the event is delivered", async () => {
    const { tenantId, customer, owner } = await tenantWithTeam();
    const invoice = { ...invoiceObject({ customer, status: "paid", amount: 4900 }), billing_reason: "subscription_cycle" } as Stripe.Invoice;
    const event = eventOf("invoice.paid", invoice);
    expect(await deliver(event)).toBe("processed");
    expect(await deliver(event)).toBe("duplicate");
    expect(await deliver(event)).toBe("duplicate");
    const emails = await emailsOf(tenantId);
    expect(emails.map((e) => [e.template, e.to, e.key])).toEqual([["billing-receipt", owner, `${event.id}|billing-receipt|${owner}`]]);
    expect(emails[0]!.subject).toBe("Receipt: $49.00 paid");
    expect(emails[0]!.props).toMatchObject({ tenantName: "Acme Ltd", amountPaid: 4900, hostedInvoiceUrl: "http://127.0.0.1/invoice" });
  });

  it("queues the decision with the event's claim, once, and a decision taken twice queues nothing more", async () => {
    const { tenantId, customer, owner } = await tenantWithTeam();
    const invoice = { ...invoiceObject({ customer, status: "paid", amount: 1900 }), billing_reason: "subscription_cycle" } as Stripe.Invoice;
    const event = eventOf("invoice.paid", invoice);
    expect((await POST(signedRequest(JSON.stringify(event)))).headers.get(WEBHOOK_OUTCOME_HEADER)).toBe("processed");
    expect(await pendingDecisionOf(event.id)).toMatchObject({ attempts: 0, lastError: null });
    expect(await emailsOf(tenantId)).toEqual([]);
    expect((await POST(signedRequest(JSON.stringify(event)))).headers.get(WEBHOOK_OUTCOME_HEADER)).toBe("duplicate");
    expect(await getDb().pendingEmailDecision.count({ where: { eventId: event.id } })).toBe(1);
    await decidePendingEmails();
    expect(await pendingDecisionOf(event.id)).toBeNull();
    // Decided again (a decision taken twice, as after a lease that ran out mid-batch): the outbox keeps one email.
    await getDb().pendingEmailDecision.create({ data: { eventId: event.id } });
    await decidePendingEmails();
    expect((await emailsOf(tenantId)).map((e) => [e.template, e.to])).toEqual([["billing-receipt", owner]]);
  });

  it("decides a batch of several tenants' events at once, each from its own tenant's audience", async () => {
    const first = await tenantWithTeam();
    const accounts = uniqueEmail("accounts");
    const second = await tenantWithTeam({ billingEmail: accounts });
    const paid = (customer: string, amount: number) =>
      eventOf("invoice.paid", { ...invoiceObject({ customer, status: "paid", amount }), billing_reason: "subscription_cycle" } as Stripe.Invoice);
    const events = [paid(first.customer, 1000), paid(second.customer, 2000), paid(first.customer, 3000)];
    for (const event of events) expect((await POST(signedRequest(JSON.stringify(event)))).status).toBe(200);
    expect(await getDb().pendingEmailDecision.count({ where: { eventId: { in: events.map((e) => e.id) } } })).toBe(3);
    expect(await decidePendingEmails()).toMatchObject({ failed: 0 });
    expect(await getDb().pendingEmailDecision.count({ where: { eventId: { in: events.map((e) => e.id) } } })).toBe(0);
    const receipts = async (tenantId: string) => (await emailsOf(tenantId)).map((e) => [e.key.split("|")[0], e.to, e.subject]);
    expect(await receipts(first.tenantId)).toEqual(
      expect.arrayContaining([[events[0]!.id, first.owner, "Receipt: $10.00 paid"], [events[2]!.id, first.owner, "Receipt: $30.00 paid"]]),
    );
    expect(await receipts(second.tenantId)).toEqual([[events[1]!.id, accounts, "Receipt: $20.00 paid"]]);
  });

  it("takes over a decision whose server died holding it, once its lease is over", async () => {
    const { tenantId, customer, owner } = await tenantWithTeam();
    const invoice = { ...invoiceObject({ customer, status: "paid", amount: 2500 }), billing_reason: "subscription_cycle" } as Stripe.Invoice;
    const event = eventOf("invoice.paid", invoice);
    await POST(signedRequest(JSON.stringify(event)));
    // A server that leased it and died: nobody takes it while the lease lasts, and the next sweep after it does.
    const leaseEnds = (seconds: number) => getDb().$executeRaw`
      UPDATE "PendingEmailDecision" SET "runAt" = now() + make_interval(secs => ${seconds}), "attempts" = 1 WHERE "eventId" = ${event.id}`;
    await leaseEnds(30);
    await decidePendingEmails();
    expect(await emailsOf(tenantId)).toEqual([]);
    await leaseEnds(-1);
    expect(await decidePendingEmails()).toMatchObject({ failed: 0 });
    expect(await pendingDecisionOf(event.id)).toBeNull();
    expect((await emailsOf(tenantId)).map((e) => [e.template, e.to])).toEqual([["billing-receipt", owner]]);
  });

  it("keeps a decision that fails, with its error, due again later; after eight attempts never due", async () => {
    const { customer } = await tenantWithTeam();
    const invoice = { ...invoiceObject({ customer, status: "paid", amount: 2500 }), billing_reason: "subscription_cycle" } as Stripe.Invoice;
    const event = eventOf("invoice.paid", invoice);
    await POST(signedRequest(JSON.stringify(event)));
    // The ledger copy is an oversized event's stub and Stripe cannot be reached (STRIPE_API_URL): deciding fails.
    await getDb().$executeRaw`UPDATE "WebhookEvent" SET "payload" = '{"truncated": true}'::jsonb WHERE "id" = ${event.id}`;
    const outcome = await decidePendingEmails();
    expect(outcome.failed).toBeGreaterThanOrEqual(1);
    const failed = await pendingDecisionOf(event.id);
    expect(failed).toMatchObject({ attempts: 1 });
    expect(failed!.lastError).toBeTruthy();
    expect(failed!.runAt.getTime()).toBeGreaterThan(Date.now());
    await getDb().$executeRaw`UPDATE "PendingEmailDecision" SET "runAt" = now(), "attempts" = 7 WHERE "eventId" = ${event.id}`;
    await decidePendingEmails();
    const given = await getDb().$queryRaw<{ never: boolean; attempts: number }[]>`
      SELECT "runAt" = 'infinity'::timestamptz AS "never", "attempts" FROM "PendingEmailDecision" WHERE "eventId" = ${event.id}`;
    expect(given).toEqual([{ never: true, attempts: 8 }]);
  });

  it("sends a failed renewal to the billing email and the billing admins, with the decline in Stripe's words", async () => {
    const billingEmail = uniqueEmail("accounts");
    const { tenantId, customer, billing } = await tenantWithTeam({ billingEmail, copyBillingAdmins: true });
    const invoice = {
      ...invoiceObject({ customer, status: "open", amount: 2900 }),
      billing_reason: "subscription_cycle",
      next_payment_attempt: 1_790_000_000,
    } as Stripe.Invoice;
    const charge = { ...chargeObject({ customer, status: "failed", amount: 2900, failureCode: "card_declined" }), invoice: invoice.id };
    // The failed charge is recorded first (its own event), as Stripe usually sends it.
    await deliver(eventOf("charge.failed", charge as unknown as Stripe.Charge));
    await getDb().payment.update({ where: { stripeChargeId: charge.id }, data: { stripeInvoiceId: invoice.id } });
    const event = eventOf("invoice.payment_failed", invoice);
    expect(await deliver(event)).toBe("processed");
    const emails = await emailsOf(tenantId);
    expect(emails.map((e) => e.to).sort()).toEqual([billingEmail, billing].sort());
    expect(emails.every((e) => e.template === "payment-failed")).toBe(true);
    expect(emails[0]!.props).toMatchObject({ reason: "Your card was declined.", nextAttemptAt: new Date(1_790_000_000_000).toISOString(), amountDue: 2900 });
  });

  it("leaves optional emails out when the tenant turned them off, and still sends payment problems", async () => {
    const { tenantId, customer, owner } = await tenantWithTeam({ optionalBillingEmails: false });
    await deliver(eventOf("invoice.paid", { ...invoiceObject({ customer, status: "paid" }), billing_reason: "subscription_cycle" } as Stripe.Invoice));
    const open = { ...invoiceObject({ customer, status: "open" }), billing_reason: "subscription_cycle" } as Stripe.Invoice;
    await deliver(eventOf("invoice.payment_action_required", open));
    expect((await emailsOf(tenantId)).map((e) => [e.template, e.to])).toEqual([["payment-action-required", owner]]);
  });

  it("says nothing about a failed first payment: the checkout form shows it", async () => {
    const { tenantId, customer } = await tenantWithTeam();
    await deliver(eventOf("invoice.payment_failed", invoiceObject({ customer, status: "open" })));
    expect(await emailsOf(tenantId)).toEqual([]);
  });

  it("tells of a scheduled end, a plan change, the trial's end and a refund; ordinary updates send nothing", async () => {
    const { tenantId, customer } = await tenantWithTeam();
    const [starter, growth] = [await planWithPrice("Starter", 2900), await planWithPrice("Growth", 7900)];
    const active = subscriptionObject({ customer, status: "active", price: growth, periodStart: 1_790_000_000 });

    // Distinct event times: a tie on one subscription row would make the handler refetch it from Stripe.
    let created = Math.floor(Date.now() / 1000);
    const at = () => ({ created: ++created });
    const plainUpdate = { ...eventOf("customer.subscription.updated", active, at()), data: { object: active, previous_attributes: { status: "past_due" } } };
    expect(mayCauseBillingEmail(plainUpdate as Stripe.Event)).toBe(false);
    await deliver(plainUpdate as Stripe.Event);

    const previousItems = { ...active.items, data: [{ ...active.items.data[0]!, price: { id: starter } }] };
    const planChange = { ...eventOf("customer.subscription.updated", active, at()), data: { object: active, previous_attributes: { items: previousItems } } };
    await deliver(planChange as unknown as Stripe.Event);

    const ending = { ...active, cancel_at_period_end: true };
    const endEvent = { ...eventOf("customer.subscription.updated", ending, at()), data: { object: ending, previous_attributes: { cancel_at_period_end: false } } };
    await deliver(endEvent as Stripe.Event);

    const trialing = { ...active, status: "trialing", trial_end: 1_790_100_000 } as Stripe.Subscription;
    await deliver(eventOf("customer.subscription.trial_will_end", trialing, at()));

    const charge = chargeObject({ customer, amount: 7900, amountRefunded: 2000, refunds: [refundObject(uniqueId("ch"), 2000)] });
    const refunded = { ...eventOf("charge.refunded", charge), data: { object: charge, previous_attributes: { amount_refunded: 0 } } };
    await deliver(refunded as Stripe.Event);

    const emails = await emailsOf(tenantId);
    expect(emails.map((e) => e.template).sort()).toEqual(["plan-changed", "refund-issued", "subscription-ending", "trial-ending"]);
    const byTemplate = Object.fromEntries(emails.map((e) => [e.template, e]));
    expect(byTemplate["plan-changed"]!.props).toMatchObject({ fromPlan: "Starter", toPlan: "Growth", price: 7900, amountCharged: null });
    expect(byTemplate["subscription-ending"]!.subject).toBe("Your subscription ends on October 21, 2026");
    expect(byTemplate["refund-issued"]!.props).toMatchObject({ amountRefunded: 2000, paymentAmount: 7900 });
    expect(byTemplate["trial-ending"]!.props).toMatchObject({ planName: "Growth", trialEnd: new Date(1_790_100_000_000).toISOString() });
  });
});
