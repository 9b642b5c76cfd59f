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
import { runBillingEmailJobs } from "@/testing/webhooks/run-billing-email-jobs";
import { decideBillingEmailsOf, requeueStalledBillingEmailJobs } from "@/lib/webhooks/billing-emails-job";
import { mayCauseBillingEmail } from "./billing-emails";

/** Delivers, then runs the billing-emails job the delivery queued, as a server's job worker would. */
async function deliver(event: Stripe.Event): Promise<string | null> {
  const res = await POST(signedRequest(JSON.stringify(event)));
  expect(res.status).toBe(200);
  await runBillingEmailJobs();
  return res.headers.get(WEBHOOK_OUTCOME_HEADER);
}

/** The billing-emails jobs queued for an event and not yet run. */
async function pendingJobsOf(eventId: string): Promise<number> {
  const rows = await getDb().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE "key" = ${`billing-emails:${eventId}`}`;
  return rows[0]!.n;
}

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

  it("queues the deciding job with the event's claim, once, and a job run twice queues nothing more", async () => {
    const { tenantId, customer, owner } = await tenantWithTeam();
    const invoice = { ...invoiceObject({ customer, status: "paid", amount: 1900 }), billing_reason: "subscription_cycle" } as Stripe.Invoice;
    const event = eventOf("invoice.paid", invoice);
    expect((await POST(signedRequest(JSON.stringify(event)))).headers.get(WEBHOOK_OUTCOME_HEADER)).toBe("processed");
    expect(await pendingJobsOf(event.id)).toBe(1);
    expect(await emailsOf(tenantId)).toEqual([]);
    expect((await POST(signedRequest(JSON.stringify(event)))).headers.get(WEBHOOK_OUTCOME_HEADER)).toBe("duplicate");
    expect(await pendingJobsOf(event.id)).toBe(1);
    await runBillingEmailJobs();
    expect(await pendingJobsOf(event.id)).toBe(0);
    await decideBillingEmailsOf(event.id);
    expect((await emailsOf(tenantId)).map((e) => [e.template, e.to])).toEqual([["billing-receipt", owner]]);
  });

  it("queues afresh a deciding job whose worker died holding it, a minute on", async () => {
    const { tenantId, customer, owner } = await tenantWithTeam();
    const invoice = { ...invoiceObject({ customer, status: "paid", amount: 2500 }), billing_reason: "subscription_cycle" } as Stripe.Invoice;
    const event = eventOf("invoice.paid", invoice);
    await POST(signedRequest(JSON.stringify(event)));
    // A worker that took the job 30 s ago may still be deciding: left alone. One that took it 2 min ago died.
    const lock = (age: string) => getDb().$executeRawUnsafe(
      `UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '${age}', locked_by = 'dead-worker' WHERE key = $1`,
      `billing-emails:${event.id}`,
    );
    await lock("30 seconds");
    expect(await requeueStalledBillingEmailJobs()).toBe(0);
    await lock("2 minutes");
    expect(await requeueStalledBillingEmailJobs()).toBe(1);
    await runBillingEmailJobs();
    expect((await emailsOf(tenantId)).map((e) => [e.template, e.to])).toEqual([["billing-receipt", owner]]);
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
