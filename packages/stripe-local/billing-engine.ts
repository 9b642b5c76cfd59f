// Invoices and subscriptions: first invoices, proration (one function shared by update and
// create_preview so a preview equals the invoice billed), renewals, dunning and expiry.

import { formatDate, nextBoundary } from "./billing-periods";
import { formatAmount } from "./currency";
import type { Ctx, DunningOptions } from "./context";
import { invalidRequest, StripeLocalError } from "./errors";
import { diffPrevious, emit, updateWithEvent } from "./events";
import { cardBehavior } from "./cards";
import { activeDiscounts, amountAfterCoupons, applyDiscounts, assertRedeemable, redeemDiscount, spendOnceDiscounts, type DiscountSource } from "./discounts";
import { cardError } from "./payment-methods";
import { cancelPaymentIntent, confirmPaymentIntent, createPaymentIntentObject, type ConfirmOutcome } from "./payments";
import { render } from "./render";
import { newId, randomToken } from "./store";
import { assertTaxLocation, decideTax, lineTax } from "./tax";
import type {
  ResumePaymentBehavior,
  Customer,
  Discount,
  Invoice,
  InvoiceItem,
  InvoiceLine,
  InvoicePayment,
  PaymentIntent,
  PaymentMethod,
  Plan,
  Price,
  Subscription,
  SubscriptionItem,
  TaxAmount,
  TaxId,
} from "./types";

export const INCOMPLETE_EXPIRY_SECONDS = 23 * 3600;
export const FINALIZE_DELAY_SECONDS = 3600;

// --- lines -------------------------------------------------------------------------------------

export interface LineSpec {
  amount: number;
  price: Price;
  quantity: number;
  period: { start: number; end: number };
  description: string;
  proration: boolean;
  subscription: string | null;
  subscriptionItem: string;
  invoiceItem: string | null;
}

function productName(ctx: Ctx, price: Price): string {
  return ctx.emu.store.get("product", price.product)?.name ?? price.product;
}

function toLine(spec: LineSpec, invoiceId: string | null): InvoiceLine {
  return {
    id: newId("il"),
    object: "line_item",
    amount: spec.amount,
    currency: spec.price.currency,
    description: spec.description,
    discount_amounts: [],
    discountable: !spec.proration,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      type: "subscription_item_details",
      subscription_item_details: {
        invoice_item: spec.invoiceItem,
        proration: spec.proration,
        proration_details: spec.proration ? { credited_items: null } : null,
        subscription: spec.subscription,
        subscription_item: spec.subscriptionItem,
      },
      invoice_item_details: null,
    },
    period: { ...spec.period },
    pretax_credit_amounts: [],
    pricing: {
      price_details: { price: spec.price.id, product: spec.price.product },
      type: "price_details",
      unit_amount_decimal: String(spec.price.unit_amount),
    },
    quantity: spec.quantity,
    quantity_decimal: String(spec.quantity),
    subscription: spec.subscription,
    subtotal: spec.amount,
    taxes: [],
  };
}

function recurringLines(ctx: Ctx, sub: Subscription, items: SubscriptionItem[], period: { start: number; end: number }, trial: boolean): LineSpec[] {
  return items.map((item) => ({
    amount: trial ? 0 : item.price.unit_amount * item.quantity,
    price: item.price,
    quantity: item.quantity,
    period,
    description: trial
      ? `Trial period for ${productName(ctx, item.price)}`
      : `${item.quantity} × ${productName(ctx, item.price)} (at ${formatAmount(item.price.unit_amount, item.price.currency)} / ${item.price.recurring?.interval ?? "once"})`,
    proration: false,
    subscription: sub.id,
    subscriptionItem: item.id,
    invoiceItem: null,
  }));
}

function pendingItemLines(ctx: Ctx, subId: string): { specs: LineSpec[]; items: InvoiceItem[] } {
  const items = ctx.emu.store.all("invoiceitem", (ii) => ii.invoice === null && ii.parent.subscription_details.subscription === subId).reverse();
  const specs: LineSpec[] = [];
  for (const ii of items) {
    const price = ctx.emu.store.get("price", ii.pricing.price_details.price);
    if (!price) continue;
    specs.push({
      amount: ii.amount,
      price,
      quantity: ii.quantity,
      period: { ...ii.period },
      description: ii.description,
      proration: ii.proration,
      subscription: subId,
      subscriptionItem: ii.parent.subscription_details.subscription_item,
      invoiceItem: ii.id,
    });
  }
  return { specs, items };
}

// --- invoices ----------------------------------------------------------------------------------

function customerOf(ctx: Ctx, id: string): Customer {
  const c = ctx.emu.store.get("customer", id);
  if (!c) throw invalidRequest(`No such customer: '${id}'`, { code: "resource_missing", param: "customer", status: 404 });
  return c;
}

interface Totals {
  total: number;
  amount_due: number;
  starting_balance: number;
  ending_balance: number;
}

/** Customer credit balance (negative) pays invoices first; negative invoices add to the credit. */
function applyBalance(total: number, balance: number): Totals {
  if (total < 0) return { total, amount_due: 0, starting_balance: balance, ending_balance: balance + total };
  const applied = balance < 0 ? Math.min(total, -balance) : 0;
  return { total, amount_due: total - applied, starting_balance: balance, ending_balance: balance + applied };
}

export function buildInvoice(
  ctx: Ctx,
  opts: {
    customer: Customer;
    sub: Subscription | null;
    billingReason: Invoice["billing_reason"];
    lines: LineSpec[];
    period: { start: number; end: number };
    id?: string;
    /** Stripe Tax on this invoice; defaults to the subscription's `automatic_tax.enabled`. */
    automaticTax?: boolean;
    /** The discounts to apply (a preview's `discounts[]`); default: the subscription's active ones. */
    discounts?: Discount[];
  },
): Invoice {
  const { customer, sub } = opts;
  const now = ctx.emu.store.now(customer.test_clock);
  const id = opts.id ?? newId("in");
  const lines = opts.lines.map((l) => toLine(l, id));
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const discounts = opts.discounts ?? activeDiscounts(ctx, sub, now);
  const discountAmounts = applyDiscounts(ctx, lines, discounts);
  const discounted = subtotal - discountAmounts.reduce((s, d) => s + d.amount, 0);
  // Stripe computes tax on each line after its discounts (taxLines reads the lines' discount_amounts).
  const automaticTax = opts.automaticTax ?? sub?.automatic_tax.enabled ?? false;
  const tax = automaticTax ? taxLines(ctx, customer, lines) : null;
  const total = discounted + (tax?.amount ?? 0);
  return {
    id,
    object: "invoice",
    account_tax_ids: null,
    application: null,
    automatically_finalizes_at: null,
    custom_fields: null,
    customer_account: null,
    customer_address: customer.address ? { ...customer.address } : null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: customer.tax_exempt,
    customer_tax_ids: customerTaxIds(ctx, customer).map((t) => ({ type: t.type, value: t.value })),
    default_source: null,
    default_tax_rates: [],
    footer: null,
    from_invoice: null,
    on_behalf_of: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    statement_descriptor: null,
    account_country: "US",
    account_name: "Stripe Local",
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: tax
      ? { disabled_reason: null, enabled: true, liability: { type: "self" }, provider: "stripe", status: tax.located ? "complete" : "requires_location_inputs" }
      : { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    billing_reason: opts.billingReason,
    collection_method: "charge_automatically",
    created: now,
    currency: opts.lines[0]?.price.currency ?? sub?.currency ?? "usd",
    customer: customer.id,
    customer_email: customer.email,
    customer_name: customer.name,
    default_payment_method: null,
    description: null,
    discounts: discounts.map((d) => d.id),
    due_date: null,
    effective_at: null,
    ending_balance: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: "list", data: lines, has_more: false, total_count: lines.length, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    parent: sub
      ? { type: "subscription_details", quote_details: null, subscription_details: { metadata: { ...sub.metadata }, subscription: sub.id } }
      : null,
    period_end: opts.period.end,
    period_start: opts.period.start,
    starting_balance: customer.balance,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal,
    subtotal_excluding_tax: subtotal,
    test_clock: customer.test_clock,
    total,
    total_discount_amounts: discountAmounts,
    total_excluding_tax: discounted,
    total_pretax_credit_amounts: [],
    total_taxes: tax?.totals ?? [],
    webhooks_delivered_at: null,
  };
}

// An invoice preview's `customer_details[tax_ids]`: they stand in for the customer's stored tax IDs on that preview's
// customer object only, so the invoice's `customer_tax_ids` and its tax decision read them like stored ones.
const previewTaxIds = new WeakMap<Customer, TaxId[]>();

/** The preview customer `customer` with `taxIds` in place of its stored tax IDs (nothing is stored). */
export function withPreviewTaxIds(customer: Customer, taxIds: TaxId[]): Customer {
  const preview = { ...customer };
  previewTaxIds.set(preview, taxIds);
  return preview;
}

export function customerTaxIds(ctx: Ctx, customer: Customer): TaxId[] {
  return previewTaxIds.get(customer) ?? ctx.emu.store.all("tax_id", (t) => t.customer === customer.id).reverse();
}

/**
 * Stripe Tax on an invoice's lines: each line gets its own tax (written onto the line), and `total_taxes` sums
 * them by taxability reason, as Stripe groups them by rate.
 */
function taxLines(ctx: Ctx, customer: Customer, lines: InvoiceLine[]): { amount: number; totals: TaxAmount[]; located: boolean } {
  const decision = decideTax(customer, customerTaxIds(ctx, customer));
  const totals: TaxAmount[] = [];
  let amount = 0;
  for (const line of lines) {
    const net = line.amount - (line.discount_amounts ?? []).reduce((sum, d) => sum + d.amount, 0);
    const t = lineTax(net, decision);
    line.taxes = [t];
    amount += t.amount;
    const same = totals.find((x) => x.taxability_reason === t.taxability_reason);
    if (same) {
      same.amount += t.amount;
      same.taxable_amount = (same.taxable_amount ?? 0) + (t.taxable_amount ?? 0);
    } else totals.push({ ...t });
  }
  return { amount, totals, located: decision.located };
}

/** The tax automatic tax would add to these line amounts (used to decide a charge before the invoice exists). */
export function taxOnAmounts(ctx: Ctx, customer: Customer, amounts: number[]): number {
  const decision = decideTax(customer, customerTaxIds(ctx, customer));
  return amounts.reduce((s, a) => s + lineTax(a, decision).amount, 0);
}

/** A draft invoice that also sweeps the subscription's pending invoice items (prorations). */
export function createInvoice(
  ctx: Ctx,
  opts: { customer: Customer; sub: Subscription | null; billingReason: Invoice["billing_reason"]; lines: LineSpec[]; period: { start: number; end: number } },
  { silent = false }: { silent?: boolean } = {},
): Invoice {
  const pending = opts.sub ? pendingItemLines(ctx, opts.sub.id) : { specs: [], items: [] };
  const inv = buildInvoice(ctx, { ...opts, lines: [...pending.specs, ...opts.lines] });
  for (const ii of pending.items) ii.invoice = inv.id;
  ctx.emu.store.insert(inv);
  if (!silent) emit(ctx, "invoice.created", inv);
  return inv;
}

function createInvoicePayment(ctx: Ctx, inv: Invoice, pi: PaymentIntent): InvoicePayment {
  const ip: InvoicePayment = {
    id: newId("inpay"),
    object: "invoice_payment",
    amount_paid: null,
    amount_requested: inv.amount_due,
    created: ctx.emu.store.now(inv.test_clock),
    currency: inv.currency,
    invoice: inv.id,
    is_default: true,
    livemode: false,
    payment: { type: "payment_intent", payment_intent: pi.id },
    status: "open",
    status_transitions: { canceled_at: null, paid_at: null },
  };
  return ctx.emu.store.insert(ip);
}

export function finalizeInvoice(ctx: Ctx, inv: Invoice): void {
  if (inv.status !== "draft") {
    throw invalidRequest(`This invoice is already finalized, you can't re-finalize a non-draft invoice.`, { code: "invoice_not_editable" });
  }
  const customer = customerOf(ctx, inv.customer);
  const now = ctx.emu.store.now(customer.test_clock);
  const totals = applyBalance(inv.total, customer.balance);
  customer.balance = totals.ending_balance;
  customer.next_invoice_sequence++;
  inv.amount_due = totals.amount_due;
  inv.amount_remaining = totals.amount_due;
  inv.starting_balance = totals.starting_balance;
  inv.ending_balance = totals.ending_balance;
  inv.status = "open";
  spendOnceDiscounts(ctx, subscriptionOf(ctx, inv), inv.discounts);
  inv.number = `${customer.invoice_prefix}-${String(customer.next_invoice_sequence - 1).padStart(4, "0")}`;
  inv.effective_at = now;
  inv.status_transitions.finalized_at = now;
  inv.hosted_invoice_url = `${ctx.emu.baseUrl()}/_local/invoices/${inv.id}`;
  inv.invoice_pdf = `${ctx.emu.baseUrl()}/_local/invoices/${inv.id}/pdf`;
  delete inv._finalizeAt;
  inv.automatically_finalizes_at = null;
  let pi: PaymentIntent | undefined;
  if (inv.amount_due > 0) {
    const sub = subscriptionOf(ctx, inv);
    pi = createPaymentIntentObject(
      ctx,
      {
        amount: inv.amount_due,
        currency: inv.currency,
        customer: customer.id,
        clock: customer.test_clock,
        description: inv.billing_reason === "subscription_create" ? "Subscription creation" : inv.billing_reason === "subscription_update" ? "Subscription update" : "Subscription cycle",
        setup_future_usage: sub?.payment_settings.save_default_payment_method === "on_subscription" ? "off_session" : null,
        _invoice: inv.id,
      },
      { silent: true },
    );
    inv._paymentIntent = pi.id;
    createInvoicePayment(ctx, inv, pi);
  }
  ctx.emu.store.touch();
  emit(ctx, "invoice.finalized", inv);
  if (pi) emit(ctx, "payment_intent.created", pi);
  if (inv.amount_due === 0) markInvoicePaid(ctx, inv, null);
}

function subscriptionOf(ctx: Ctx, inv: Invoice): Subscription | undefined {
  const id = inv.parent?.subscription_details.subscription;
  return id ? ctx.emu.store.get("subscription", id) : undefined;
}

function markInvoicePaid(ctx: Ctx, inv: Invoice, pm: PaymentMethod | null): void {
  const now = ctx.emu.store.now(inv.test_clock);
  updateWithEvent(ctx, "invoice.updated", inv, () => {
    inv.status = "paid";
    inv.amount_paid = inv.amount_due;
    inv.amount_remaining = 0;
    if (inv.amount_due > 0) {
      inv.attempted = true;
      inv.attempt_count++;
    }
    inv.next_payment_attempt = null;
    inv.status_transitions.paid_at = now;
    if (pm) inv.default_payment_method = null;
  });
  emit(ctx, "invoice.paid", inv);
  emit(ctx, "invoice.payment_succeeded", inv);
  for (const ip of ctx.emu.store.all("invoice_payment", (p) => p.invoice === inv.id && p.status === "open")) {
    ip.status = "paid";
    ip.amount_paid = ip.amount_requested;
    ip.status_transitions.paid_at = now;
    ctx.emu.store.touch();
    emit(ctx, "invoice_payment.paid", ip);
  }
  const sub = subscriptionOf(ctx, inv);
  if (!sub) return;
  const resuming = sub._resume?.invoice === inv.id;
  updateWithEvent(ctx, "customer.subscription.updated", sub, () => {
    if (resuming) applyResume(sub, "active");
    if (sub.status === "incomplete" || sub.status === "past_due" || sub.status === "unpaid") {
      sub.status = sub.trial_end !== null && sub.trial_end > now ? "trialing" : "active";
    }
    delete sub._expiresAt;
    if (pm && sub.payment_settings.save_default_payment_method === "on_subscription" && !sub.default_payment_method) {
      sub.default_payment_method = pm.id;
    }
  });
  if (resuming) emit(ctx, "customer.subscription.resumed", sub);
}

export function onInvoicePaymentSucceeded(ctx: Ctx, invoiceId: string, _pi: PaymentIntent, pm: PaymentMethod): void {
  const inv = ctx.emu.store.get("invoice", invoiceId);
  if (!inv || inv.status !== "open") return;
  markInvoicePaid(ctx, inv, pm);
}

function finalDunningAction(ctx: Ctx, sub: Subscription): void {
  const action = ctx.emu.dunning.finalAction;
  if (action === "past_due") return;
  if (action === "unpaid") {
    updateWithEvent(ctx, "customer.subscription.updated", sub, () => {
      sub.status = "unpaid";
    });
    return;
  }
  endSubscription(ctx, sub, "payment_failed");
}

/**
 * Decline codes after which Stripe does not retry (docs: billing/revenue-recovery/smart-retries, "non-retryable
 * decline codes"): the issuer says the card will never be approved, so only a new payment method helps.
 */
export const HARD_DECLINE_CODES: ReadonlySet<string> = new Set([
  "do_not_try_again",
  "incorrect_number",
  "invalid_account",
  "lost_card",
  "pickup_card",
  "restricted_card",
  "revocation_of_all_authorizations",
  "revocation_of_authorization",
  "security_violation",
  "stolen_card",
  "stop_payment_order",
  "transaction_not_allowed",
]);

/** When the retry policy makes attempt `attemptCount + 1`, or null once it is exhausted. */
function nextRetryAt(policy: DunningOptions, firstAttemptAt: number, attemptCount: number): number | null {
  if (policy.retryDays) {
    const day = policy.retryDays[attemptCount - 1];
    return day === undefined ? null : firstAttemptAt + day * 86_400;
  }
  if (attemptCount >= policy.attempts || policy.attempts < 2) return null;
  // Smart Retries times attempts by machine learning; the emulator spreads them evenly over the window.
  return firstAttemptAt + Math.round((policy.windowDays * 86_400 * attemptCount) / (policy.attempts - 1));
}

/** The moment the retry window closes: the last scheduled day, or `windowDays` after the first failure. */
function retryWindowEnd(policy: DunningOptions, firstAttemptAt: number): number {
  const days = policy.retryDays ? (policy.retryDays.at(-1) ?? 0) : policy.windowDays;
  return firstAttemptAt + days * 86_400;
}

export function onInvoicePaymentFailed(ctx: Ctx, invoiceId: string, pi: PaymentIntent | null, opts: { noPaymentMethod?: boolean } = {}): void {
  const inv = ctx.emu.store.get("invoice", invoiceId);
  if (!inv || inv.status !== "open") return;
  const now = ctx.emu.store.now(inv.test_clock);
  const sub = subscriptionOf(ctx, inv);
  const dunning = sub !== undefined && sub.status !== "incomplete" && inv.billing_reason !== "subscription_create";
  const policy = ctx.emu.dunning;
  inv.attempted = true;
  inv.attempt_count++;
  if (inv.attempt_count === 1) inv._firstAttemptAt = now;
  const first = inv._firstAttemptAt ?? now;
  const declineCode = pi?.last_payment_error?.decline_code ?? pi?.last_payment_error?.code;
  // Stripe does not retry without a payment method or after a hard decline: nothing will change until the
  // customer brings a new card, so next_payment_attempt stays null and the end action waits for the window.
  const retryable = !opts.noPaymentMethod && !(declineCode && HARD_DECLINE_CODES.has(declineCode));
  const scheduled = dunning ? nextRetryAt(policy, first, inv.attempt_count) : null;
  const nextAttempt = retryable ? scheduled : null;
  const before = { attempt_count: inv.attempt_count - 1, attempted: inv.attempt_count - 1 > 0, next_payment_attempt: inv.next_payment_attempt };
  inv.next_payment_attempt = nextAttempt;
  if (dunning && nextAttempt === null && scheduled !== null) inv._dunningEndsAt = Math.max(now, retryWindowEnd(policy, first));
  else delete inv._dunningEndsAt;
  ctx.emu.store.touch();
  emit(ctx, "invoice.payment_failed", inv);
  emit(ctx, "invoice.updated", inv, before);
  if (!sub || !dunning) return;
  if (sub._resume?.invoice === inv.id) {
    // resume_on_payment_attempt: the attempt resumes it, failed or not (past_due); on_payment_success: it stays paused.
    if (sub._resume.behavior === "resume_on_payment_attempt") {
      updateWithEvent(ctx, "customer.subscription.updated", sub, () => applyResume(sub, "past_due"));
      emit(ctx, "customer.subscription.resumed", sub);
    }
    return;
  }
  // A paused subscription is not dunned (an old invoice's retries run out without ending it).
  if (sub.status === "paused") return;
  if (nextAttempt === null && inv._dunningEndsAt === undefined) {
    finalDunningAction(ctx, sub);
    return;
  }
  if (sub.status === "active" || sub.status === "trialing") {
    updateWithEvent(ctx, "customer.subscription.updated", sub, () => {
      sub.status = "past_due";
    });
  }
}

/** The retry window closed with no retry possible (no card, hard decline): the account's end action. */
export function endDunning(ctx: Ctx, inv: Invoice): void {
  delete inv._dunningEndsAt;
  ctx.emu.store.touch();
  const sub = subscriptionOf(ctx, inv);
  if (inv.status === "open" && sub && sub.status === "past_due") finalDunningAction(ctx, sub);
}

export function onInvoicePaymentActionRequired(ctx: Ctx, invoiceId: string, _pi: PaymentIntent, offSession: boolean): void {
  const inv = ctx.emu.store.get("invoice", invoiceId);
  if (!inv || inv.status !== "open") return;
  // Spec §2 step 6: a customer-present confirmation shows the challenge; only off-session attempts tell the
  // invoice's owner that action is required.
  if (!offSession) return;
  updateWithEvent(ctx, "invoice.updated", inv, () => {
    inv.attempted = true;
    inv.attempt_count++;
  });
  emit(ctx, "invoice.payment_action_required", inv);
  const sub = subscriptionOf(ctx, inv);
  if (sub && (sub.status === "active" || sub.status === "trialing")) {
    updateWithEvent(ctx, "customer.subscription.updated", sub, () => {
      sub.status = "past_due";
    });
  }
}

export function onSetupIntentSucceeded(ctx: Ctx, subId: string, pm: PaymentMethod): void {
  const sub = ctx.emu.store.get("subscription", subId);
  if (!sub) return;
  updateWithEvent(ctx, "customer.subscription.updated", sub, () => {
    sub.pending_setup_intent = null;
    if (!sub.default_payment_method) sub.default_payment_method = pm.id;
  });
}

/** The card an automatic charge uses: the subscription's, else the customer's invoice default. */
export function defaultPaymentMethod(ctx: Ctx, customer: Customer, sub: Subscription | null | undefined): PaymentMethod | null {
  const id = sub?.default_payment_method ?? customer.invoice_settings.default_payment_method;
  return id ? (ctx.emu.store.get("payment_method", id) ?? null) : null;
}

/** Charges an open invoice. No card → a failed attempt, like Stripe's automatic collection. */
export function attemptInvoicePayment(ctx: Ctx, inv: Invoice, pm: PaymentMethod | null, offSession: boolean): ConfirmOutcome | null {
  if (inv.status !== "open") return null;
  const pi = inv._paymentIntent ? ctx.emu.store.get("payment_intent", inv._paymentIntent) : undefined;
  if (!pi || inv.amount_due === 0) {
    markInvoicePaid(ctx, inv, null);
    return { kind: "succeeded" };
  }
  if (!pm) {
    onInvoicePaymentFailed(ctx, inv.id, pi, { noPaymentMethod: true });
    return null;
  }
  if (pi.status === "canceled" || pi.status === "succeeded") return null;
  return confirmPaymentIntent(ctx, pi, pm, { offSession });
}

export function voidInvoice(ctx: Ctx, inv: Invoice): void {
  if (inv.status !== "open" && inv.status !== "uncollectible") {
    throw invalidRequest(`You can only void an open or uncollectible invoice; this invoice is ${inv.status}.`, { code: "invoice_not_editable" });
  }
  const pi = inv._paymentIntent ? ctx.emu.store.get("payment_intent", inv._paymentIntent) : undefined;
  if (pi && pi.status !== "succeeded" && pi.status !== "canceled") cancelPaymentIntent(ctx, pi, "void_invoice");
  updateWithEvent(ctx, "invoice.updated", inv, () => {
    inv.status = "void";
    inv.amount_remaining = 0;
    inv.next_payment_attempt = null;
    inv.status_transitions.voided_at = ctx.emu.store.now(inv.test_clock);
  });
  emit(ctx, "invoice.voided", inv);
  for (const ip of ctx.emu.store.all("invoice_payment", (p) => p.invoice === inv.id && p.status === "open")) {
    ip.status = "canceled";
    ip.status_transitions.canceled_at = inv.status_transitions.voided_at;
  }
  // A voided resumption invoice leaves its subscription paused (Stripe: "If you void the resumption invoice, the
  // subscription stays paused"); a new resume may follow.
  const sub = subscriptionOf(ctx, inv);
  if (sub?._resume?.invoice === inv.id) {
    delete sub._resume;
    ctx.emu.store.touch();
  }
}

// --- subscriptions -----------------------------------------------------------------------------

export interface ItemPlan {
  id?: string;
  price: Price;
  quantity: number;
  deleted?: boolean;
  metadata?: Record<string, string>;
}

/** The legacy `plan` view of a recurring price, still present on subscription items. */
export function planOf(price: Price): Plan {
  return {
    id: price.id,
    object: "plan",
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: "per_unit",
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? "month",
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: { ...price.metadata },
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: price.recurring?.trial_period_days ?? null,
    usage_type: "licensed",
  };
}

function newItem(ctx: Ctx, subId: string, plan: ItemPlan, period: { start: number; end: number }, now: number): SubscriptionItem {
  return {
    id: plan.id ?? newId("si"),
    object: "subscription_item",
    billing_thresholds: null,
    current_trial: null,
    plan: planOf(plan.price),
    created: now,
    current_period_end: period.end,
    current_period_start: period.start,
    discounts: [],
    metadata: plan.metadata ?? {},
    price: { ...plan.price },
    quantity: plan.quantity,
    subscription: subId,
    tax_rates: [],
  };
}

function intervalKey(price: Price): string {
  return price.recurring ? `${price.recurring.interval}/${price.recurring.interval_count}` : "once";
}

function periodAfter(anchor: number, start: number, price: Price): number {
  const r = price.recurring;
  if (!r) throw invalidRequest(`The price specified (${price.id}) is not recurring.`, { param: "items" });
  return nextBoundary(anchor, start, r.interval, r.interval_count);
}

export interface StartSubscriptionOptions {
  customer: Customer;
  items: ItemPlan[];
  defaultPaymentMethod: string | null;
  metadata: Record<string, string>;
  paymentBehavior: "allow_incomplete" | "default_incomplete" | "error_if_incomplete" | "pending_if_incomplete";
  trialEnd: number | null;
  saveDefaultPaymentMethod: "off" | "on_subscription";
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  description: string | null;
  offSession: boolean;
  missingPaymentMethod: "cancel" | "create_invoice" | "pause";
  /** `automatic_tax[enabled]`: Stripe Tax on every invoice of the subscription. */
  automaticTax?: boolean;
  /** `discounts[]` to redeem onto the subscription (checked before anything is created). */
  discounts?: DiscountSource[];
  checkoutSession?: string;
}

export function startSubscription(ctx: Ctx, o: StartSubscriptionOptions): { sub: Subscription; error?: StripeLocalError } {
  const { store } = ctx.emu;
  const now = store.now(o.customer.test_clock);
  const first = o.items[0];
  if (!first) throw invalidRequest("Missing required param: items.", { code: "parameter_missing", param: "items" });
  if (o.automaticTax) assertTaxLocation(o.customer);
  for (const it of o.items) {
    if (!it.price.recurring) throw invalidRequest(`The price specified (${it.price.id}) is a one-time price; subscriptions need recurring prices.`, { param: "items" });
    if (it.price.currency !== first.price.currency) throw invalidRequest("All prices on a subscription must have the same currency.", { param: "items" });
    if (intervalKey(it.price) !== intervalKey(first.price)) {
      throw invalidRequest("All prices on a subscription must have the same recurring.interval and recurring.interval_count.", { param: "items" });
    }
  }
  const trialing = o.trialEnd !== null && o.trialEnd > now;
  const anchor = trialing && o.trialEnd !== null ? o.trialEnd : now;
  const period = { start: now, end: trialing && o.trialEnd !== null ? o.trialEnd : periodAfter(anchor, now, first.price) };
  const listAmount = o.items.reduce((s, it) => s + it.price.unit_amount * it.quantity, 0);
  const sources = o.discounts ?? [];
  for (const source of sources) {
    assertRedeemable(ctx, source, { customer: o.customer, amount: listAmount, currency: first.price.currency, now });
  }
  const amount = trialing ? 0 : amountAfterCoupons(sources, listAmount);
  const chargeNow = amount > 0 && o.paymentBehavior !== "default_incomplete";
  const pm = o.defaultPaymentMethod ? store.get("payment_method", o.defaultPaymentMethod) ?? null : defaultPaymentMethod(ctx, o.customer, null);
  if (chargeNow && !pm) {
    throw invalidRequest(
      "This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://docs.stripe.com/billing/subscriptions/payment-methods-setting#payment-method-priority.",
      { code: "resource_missing" },
    );
  }
  const id = newId("sub");
  const sub: Subscription = {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "flexible", updated_at: now },
    billing_schedules: [],
    billing_thresholds: null,
    customer_account: null,
    managed_payments: null,
    automatic_tax: { disabled_reason: null, enabled: o.automaticTax ?? false, liability: o.automaticTax ? { type: "self" } : null },
    billing_cycle_anchor: anchor,
    cancel_at: o.cancelAt,
    cancel_at_period_end: o.cancelAtPeriodEnd,
    canceled_at: o.cancelAtPeriodEnd || o.cancelAt ? now : null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: o.cancelAtPeriodEnd || o.cancelAt ? "cancellation_requested" : null },
    collection_method: "charge_automatically",
    created: now,
    currency: first.price.currency,
    customer: o.customer.id,
    days_until_due: null,
    default_payment_method: o.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: o.description,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: { object: "list", data: [], has_more: false, total_count: 0, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    metadata: o.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: o.saveDefaultPaymentMethod },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: trialing ? "trialing" : amount === 0 ? "active" : "incomplete",
    test_clock: o.customer.test_clock,
    transfer_data: null,
    trial_end: trialing ? o.trialEnd : null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: o.missingPaymentMethod } },
    trial_start: trialing ? now : null,
  };
  sub.items.data = o.items.map((plan) => newItem(ctx, id, plan, period, now));
  sub.items.total_count = sub.items.data.length;
  sub.discounts = sources.map(
    (source) => redeemDiscount(ctx, source, { customer: o.customer.id, subscription: id, checkoutSession: o.checkoutSession, start: now, persist: true }).id,
  );
  if (sub.status === "incomplete") sub._expiresAt = now + INCOMPLETE_EXPIRY_SECONDS;
  store.insert(sub);
  emit(ctx, "customer.subscription.created", sub);

  const inv = createInvoice(ctx, {
    customer: o.customer,
    sub,
    billingReason: "subscription_create",
    lines: recurringLines(ctx, sub, sub.items.data, period, trialing),
    period: { start: now, end: now },
  });
  sub.latest_invoice = inv.id;
  store.touch();
  finalizeInvoice(ctx, inv);

  if (trialing && !sub.default_payment_method && !pm && o.paymentBehavior === "default_incomplete") {
    sub.pending_setup_intent = createSetupIntentForSubscription(ctx, sub).id;
  }
  if (!chargeNow || !pm || inv.status !== "open") return { sub };
  const outcome = attemptInvoicePayment(ctx, inv, pm, o.offSession);
  if (o.paymentBehavior === "error_if_incomplete" && outcome && outcome.kind !== "succeeded") {
    // Stripe does not keep a subscription whose first payment failed under error_if_incomplete.
    const error =
      outcome.kind === "declined"
        ? outcome.error
        : new StripeLocalError(402, {
            type: "card_error",
            code: "subscription_payment_intent_requires_action",
            message: "Payment for this subscription requires additional user action before it can be completed successfully.",
          });
    voidInvoice(ctx, inv);
    sub.status = "incomplete_expired";
    store.delete(sub.id);
    return { sub, error };
  }
  return { sub };
}

function createSetupIntentForSubscription(ctx: Ctx, sub: Subscription) {
  const id = newId("seti");
  const si = ctx.emu.store.insert({
    id,
    object: "setup_intent" as const,
    allowed_payment_method_types: null,
    excluded_payment_method_types: null,
    payment_method_configuration_details: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomToken(25)}`,
    created: ctx.emu.store.now(sub.test_clock),
    customer: sub.customer,
    description: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false as const,
    mandate: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: "automatic" as const } },
    payment_method_types: ["card"],
    single_use_mandate: null,
    status: "requires_payment_method" as const,
    usage: "off_session" as const,
    _subscription: sub.id,
  });
  emit(ctx, "setup_intent.created", si);
  return si;
}

export type ProrationBehavior = "create_prorations" | "always_invoice" | "none";

export interface UpdatePlan {
  items: SubscriptionItem[];
  prorations: LineSpec[];
  /** The billing interval changed: a new period starts at the proration date and is invoiced at once. */
  resetPeriod: { start: number; end: number } | null;
  prorationDate: number;
}

/**
 * The one place proration is computed. Per second over the current period: a credit for the unused time
 * of each old (price, quantity) and a charge for the remaining time of each new one, each rounded to the cent.
 */
export function planSubscriptionUpdate(ctx: Ctx, sub: Subscription, plans: ItemPlan[], behavior: ProrationBehavior, prorationDate: number | undefined): UpdatePlan {
  const now = ctx.emu.store.now(sub.test_clock);
  const current = sub.items.data;
  const ps = current[0]?.current_period_start ?? now;
  const pe = current[0]?.current_period_end ?? now;
  const t = Math.min(Math.max(prorationDate ?? now, ps), pe);
  if (prorationDate !== undefined && (prorationDate < ps || prorationDate > pe)) {
    throw invalidRequest("proration_date must be within the current billing period of the subscription.", { param: "proration_date" });
  }
  const next: SubscriptionItem[] = [];
  const touched = new Set<string>();
  for (const plan of plans) {
    if (plan.id) {
      const existing = current.find((i) => i.id === plan.id);
      if (!existing) throw invalidRequest(`No such subscription item: '${plan.id}'`, { code: "resource_missing", param: "items", status: 404 });
      touched.add(plan.id);
      if (plan.deleted) continue;
      next.push({ ...existing, price: { ...plan.price }, plan: planOf(plan.price), quantity: plan.quantity, metadata: plan.metadata ?? existing.metadata });
    } else {
      if (plan.deleted) continue;
      next.push(newItem(ctx, sub.id, plan, { start: ps, end: pe }, now));
    }
  }
  for (const item of current) if (!touched.has(item.id)) next.push(item);
  if (next.length === 0) throw invalidRequest("A subscription must have at least one item.", { param: "items" });
  const firstNext = next[0];
  const firstCurrent = current[0];
  for (const it of next) {
    if (!it.price.recurring) throw invalidRequest(`The price specified (${it.price.id}) is not recurring.`, { param: "items" });
    if (firstNext && intervalKey(it.price) !== intervalKey(firstNext.price)) {
      throw invalidRequest("All prices on a subscription must have the same recurring.interval and recurring.interval_count.", { param: "items" });
    }
  }
  const resetting = firstNext !== undefined && firstCurrent !== undefined && intervalKey(firstNext.price) !== intervalKey(firstCurrent.price);
  const inTrial = sub.status === "trialing";
  const prorations: LineSpec[] = [];
  const span = pe - ps;
  const fraction = span > 0 ? (pe - t) / span : 0;
  if (behavior !== "none" && !inTrial && fraction > 0) {
    for (const old of current) {
      const updated = next.find((i) => i.id === old.id);
      const changed = resetting || !updated || updated.price.id !== old.price.id || updated.quantity !== old.quantity;
      if (!changed) continue;
      const credit = -Math.round(old.price.unit_amount * old.quantity * fraction);
      if (credit !== 0) {
        prorations.push({
          amount: credit,
          price: old.price,
          quantity: old.quantity,
          period: { start: t, end: pe },
          description: `Unused time on ${old.quantity} × ${productName(ctx, old.price)} after ${formatDate(t)}`,
          proration: true,
          subscription: sub.id,
          subscriptionItem: old.id,
          invoiceItem: null,
        });
      }
      if (updated && !resetting) {
        const debit = Math.round(updated.price.unit_amount * updated.quantity * fraction);
        if (debit !== 0) {
          prorations.push({
            amount: debit,
            price: updated.price,
            quantity: updated.quantity,
            period: { start: t, end: pe },
            description: `Remaining time on ${updated.quantity} × ${productName(ctx, updated.price)} after ${formatDate(t)}`,
            proration: true,
            subscription: sub.id,
            subscriptionItem: updated.id,
            invoiceItem: null,
          });
        }
      }
    }
    if (!resetting) {
      for (const added of next.filter((i) => !current.some((c) => c.id === i.id))) {
        const debit = Math.round(added.price.unit_amount * added.quantity * fraction);
        if (debit === 0) continue;
        prorations.push({
          amount: debit,
          price: added.price,
          quantity: added.quantity,
          period: { start: t, end: pe },
          description: `Remaining time on ${added.quantity} × ${productName(ctx, added.price)} after ${formatDate(t)}`,
          proration: true,
          subscription: sub.id,
          subscriptionItem: added.id,
          invoiceItem: null,
        });
      }
    }
  }
  const resetPeriod = resetting && firstNext ? { start: t, end: periodAfter(t, t, firstNext.price) } : null;
  return { items: next, prorations, resetPeriod, prorationDate: t };
}

/** The invoice an update would produce (always_invoice / interval change) or the next renewal's. */
export function previewLines(ctx: Ctx, sub: Subscription, plan: UpdatePlan, behavior: ProrationBehavior): { lines: LineSpec[]; period: { start: number; end: number } } {
  const pending = pendingItemLines(ctx, sub.id).specs;
  if (plan.resetPeriod) {
    return { lines: [...pending, ...plan.prorations, ...recurringLines(ctx, sub, plan.items, plan.resetPeriod, false)], period: { start: plan.prorationDate, end: plan.prorationDate } };
  }
  if (behavior === "always_invoice") return { lines: [...pending, ...plan.prorations], period: { start: plan.prorationDate, end: plan.prorationDate } };
  const first = plan.items[0];
  const pe = first?.current_period_end ?? plan.prorationDate;
  const nextEnd = first ? periodAfter(sub.billing_cycle_anchor, pe, first.price) : pe;
  const trialEnding = sub.status === "trialing";
  return {
    lines: [...pending, ...plan.prorations, ...recurringLines(ctx, sub, plan.items, { start: pe, end: trialEnding ? periodAfter(pe, pe, first?.price ?? plan.items[0]!.price) : nextEnd }, false)],
    period: { start: first?.current_period_start ?? pe, end: pe },
  };
}

/**
 * What a preview (or a change about to be made) would ask the customer to pay: discounts, tax on the discounted
 * lines, then their credit. `automaticTax` defaults to the subscription's own setting.
 */
export function previewTotals(
  ctx: Ctx,
  customer: Customer,
  sub: Subscription | null,
  lines: LineSpec[],
  discounts?: Discount[],
  automaticTax?: boolean,
): Totals {
  const preview = buildInvoice(ctx, { customer, sub, billingReason: "upcoming", lines, period: { start: 0, end: 0 }, discounts, automaticTax });
  return applyBalance(preview.total, customer.balance);
}

function createProrationItems(ctx: Ctx, sub: Subscription, customer: Customer, specs: LineSpec[], silent = false): InvoiceItem[] {
  const now = ctx.emu.store.now(customer.test_clock);
  const created: InvoiceItem[] = [];
  for (const spec of specs) {
    const ii: InvoiceItem = {
      id: newId("ii"),
      object: "invoiceitem",
      amount: spec.amount,
      currency: spec.price.currency,
      customer: customer.id,
      customer_account: null,
      date: now,
      description: spec.description,
      discountable: false,
      discounts: [],
      invoice: null,
      livemode: false,
      metadata: {},
      net_amount: spec.amount,
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id, subscription_item: spec.subscriptionItem } },
      period: { ...spec.period },
      pricing: { price_details: { price: spec.price.id, product: spec.price.product }, type: "price_details", unit_amount_decimal: String(spec.price.unit_amount) },
      proration: spec.proration,
      quantity: spec.quantity,
      quantity_decimal: String(spec.quantity),
      tax_rates: [],
      test_clock: customer.test_clock,
    };
    ctx.emu.store.insert(ii);
    created.push(ii);
    if (!silent) emit(ctx, "invoiceitem.created", ii);
  }
  return created;
}

/**
 * error_if_incomplete: a change whose immediate invoice cannot be paid is refused with 402 and leaves the
 * subscription exactly as it was, so the charge is decided before anything is written.
 */
function refuseUnpayableUpdate(ctx: Ctx, customer: Customer, sub: Subscription, plan: UpdatePlan, behavior: ProrationBehavior): StripeLocalError | undefined {
  const totals = previewTotals(ctx, customer, sub, previewLines(ctx, sub, plan, behavior).lines);
  if (totals.amount_due <= 0) return undefined;
  const pm = defaultPaymentMethod(ctx, customer, sub);
  if (!pm) {
    return invalidRequest(
      "This customer has no attached payment source or default payment method. Please consider adding a default payment method.",
      { code: "resource_missing" },
    );
  }
  const b = cardBehavior(pm._number);
  const decline = b.declineOnAttach ?? b.chargeDecline;
  if (decline) return cardError(decline, { payment_method: render(pm) });
  if (b.threeDS === "always") {
    return new StripeLocalError(402, {
      type: "card_error",
      code: "subscription_payment_intent_requires_action",
      message: "Payment for this subscription requires additional user action before it can be completed successfully.",
    });
  }
  return undefined;
}

export function applySubscriptionUpdate(
  ctx: Ctx,
  sub: Subscription,
  plan: UpdatePlan,
  behavior: ProrationBehavior,
  mutateOther: () => void,
  paymentBehavior: StartSubscriptionOptions["paymentBehavior"],
): StripeLocalError | undefined {
  const customer = customerOf(ctx, sub.customer);
  const invoiceNow =
    (plan.resetPeriod !== null || behavior === "always_invoice") && !["incomplete", "incomplete_expired", "canceled"].includes(sub.status);
  if (invoiceNow && paymentBehavior === "error_if_incomplete") {
    const refusal = refuseUnpayableUpdate(ctx, customer, sub, plan, behavior);
    if (refusal) return refusal;
  }
  // Everything is built first so the one customer.subscription.updated already names the new invoice.
  const before = render(sub);
  if (plan.resetPeriod) {
    for (const it of plan.items) {
      it.current_period_start = plan.resetPeriod.start;
      it.current_period_end = plan.resetPeriod.end;
    }
    sub.billing_cycle_anchor = plan.resetPeriod.start;
  }
  sub.items.data = plan.items;
  sub.items.total_count = plan.items.length;
  mutateOther();
  const items = plan.prorations.length > 0 ? createProrationItems(ctx, sub, customer, plan.prorations, true) : [];
  let inv: Invoice | undefined;
  if (invoiceNow) {
    inv = createInvoice(
      ctx,
      {
        customer,
        sub,
        billingReason: "subscription_update",
        lines: plan.resetPeriod ? recurringLines(ctx, sub, plan.items, plan.resetPeriod, false) : [],
        period: { start: plan.prorationDate, end: plan.prorationDate },
      },
      { silent: true },
    );
    if (inv.lines.data.length === 0) {
      ctx.emu.store.delete(inv.id);
      inv = undefined;
    } else {
      sub.latest_invoice = inv.id;
    }
  }
  ctx.emu.store.touch();
  const previous = diffPrevious(before, render(sub));
  if (Object.keys(previous).length > 0) emit(ctx, "customer.subscription.updated", sub, previous);
  for (const ii of items) emit(ctx, "invoiceitem.created", ii);
  if (!inv) return undefined;
  emit(ctx, "invoice.created", inv);
  finalizeInvoice(ctx, inv);
  if (inv.status !== "open") return undefined;
  const outcome = attemptInvoicePayment(ctx, inv, defaultPaymentMethod(ctx, customer, sub), true);
  if (outcome?.kind === "declined" && paymentBehavior === "error_if_incomplete") return outcome.error;
  return undefined;
}

/** Ends a subscription now (DELETE, period-end cancellation, exhausted retries). */
export function endSubscription(ctx: Ctx, sub: Subscription, reason: "cancellation_requested" | "payment_failed" | "payment_disputed"): void {
  const now = ctx.emu.store.now(sub.test_clock);
  sub.status = "canceled";
  sub.ended_at = now;
  sub.canceled_at = sub.canceled_at ?? now;
  sub.cancellation_details = { ...sub.cancellation_details, reason: sub.cancellation_details.reason ?? reason };
  delete sub._expiresAt;
  ctx.emu.store.touch();
  emit(ctx, "customer.subscription.deleted", sub);
}

export function cancelSubscriptionNow(ctx: Ctx, sub: Subscription, opts: { invoiceNow: boolean; prorate: boolean; comment: string | null; feedback: string | null }): void {
  if (sub.status === "canceled" || sub.status === "incomplete_expired") {
    throw invalidRequest(`A canceled subscription can only update its cancellation_details and metadata.`, { code: "resource_missing" });
  }
  const customer = customerOf(ctx, sub.customer);
  const now = ctx.emu.store.now(sub.test_clock);
  if (opts.prorate && sub.status !== "trialing" && sub.status !== "incomplete") {
    const fraction = (() => {
      const first = sub.items.data[0];
      if (!first) return 0;
      const span = first.current_period_end - first.current_period_start;
      return span > 0 ? Math.max(0, first.current_period_end - now) / span : 0;
    })();
    const specs: LineSpec[] = sub.items.data
      .map((old) => ({
        amount: -Math.round(old.price.unit_amount * old.quantity * fraction),
        price: old.price,
        quantity: old.quantity,
        period: { start: now, end: old.current_period_end },
        description: `Unused time on ${old.quantity} × ${productName(ctx, old.price)} after ${formatDate(now)}`,
        proration: true,
        subscription: sub.id,
        subscriptionItem: old.id,
        invoiceItem: null,
      }))
      .filter((s) => s.amount !== 0);
    createProrationItems(ctx, sub, customer, specs);
  }
  sub.cancellation_details = { comment: opts.comment, feedback: opts.feedback, feedback_option: null, reason: "cancellation_requested" };
  sub.canceled_at = now;
  endSubscription(ctx, sub, "cancellation_requested");
  if (opts.invoiceNow) {
    const inv = createInvoice(ctx, { customer, sub, billingReason: "subscription_cycle", lines: [], period: { start: now, end: now } });
    if (inv.lines.data.length === 0) {
      ctx.emu.store.delete(inv.id);
      return;
    }
    finalizeInvoice(ctx, inv);
    if (inv.status === "open") attemptInvoicePayment(ctx, inv, defaultPaymentMethod(ctx, customer, sub), true);
  }
}

// --- time-driven transitions (test clocks and the real-time sweep) ------------------------------

/** Period end reached: cancel if asked, else start the next period with a draft renewal invoice. */
export function renewSubscription(ctx: Ctx, sub: Subscription): void {
  const first = sub.items.data[0];
  if (!first) return;
  const pe = first.current_period_end;
  if (sub.cancel_at_period_end || (sub.cancel_at !== null && sub.cancel_at <= pe)) {
    endSubscription(ctx, sub, "cancellation_requested");
    return;
  }
  const endingTrial = sub.status === "trialing";
  const customer = customerOf(ctx, sub.customer);
  const missing = endingTrial && !defaultPaymentMethod(ctx, customer, sub) ? sub.trial_settings.end_behavior.missing_payment_method : null;
  if (missing === "cancel") {
    endSubscription(ctx, sub, "cancellation_requested");
    return;
  }
  if (missing === "pause") {
    pauseAtTrialEnd(ctx, sub);
    return;
  }
  const anchor = endingTrial ? pe : sub.billing_cycle_anchor;
  const end = periodAfter(anchor, pe, first.price);
  const before = render(sub);
  for (const it of sub.items.data) {
    it.current_period_start = pe;
    it.current_period_end = end;
  }
  if (endingTrial) {
    sub.status = "active";
    sub.billing_cycle_anchor = pe;
  }
  const inv = createInvoice(
    ctx,
    { customer, sub, billingReason: "subscription_cycle", lines: recurringLines(ctx, sub, sub.items.data, { start: pe, end }, false), period: { start: pe, end: pe } },
    { silent: true },
  );
  inv._finalizeAt = pe + FINALIZE_DELAY_SECONDS;
  inv.automatically_finalizes_at = inv._finalizeAt;
  sub.latest_invoice = inv.id;
  ctx.emu.store.touch();
  emit(ctx, "customer.subscription.updated", sub, diffPrevious(before, render(sub)));
  emit(ctx, "invoice.created", inv);
}

/** The renewal invoice's automatic finalization and first charge, an hour after it was created. */
export function finalizeAndCharge(ctx: Ctx, inv: Invoice): void {
  finalizeInvoice(ctx, inv);
  if (inv.status !== "open") return;
  const customer = customerOf(ctx, inv.customer);
  attemptInvoicePayment(ctx, inv, defaultPaymentMethod(ctx, customer, subscriptionOf(ctx, inv)), true);
}

export function retryInvoice(ctx: Ctx, inv: Invoice): void {
  const customer = customerOf(ctx, inv.customer);
  const pi = inv._paymentIntent ? ctx.emu.store.get("payment_intent", inv._paymentIntent) : undefined;
  // Cleared first so an attempt that cannot run does not stay due forever; a failure sets the next one.
  inv.next_payment_attempt = null;
  if (pi?.status === "requires_action") return;
  attemptInvoicePayment(ctx, inv, defaultPaymentMethod(ctx, customer, subscriptionOf(ctx, inv)), true);
}

export function expireIncomplete(ctx: Ctx, sub: Subscription): void {
  const inv = sub.latest_invoice ? ctx.emu.store.get("invoice", sub.latest_invoice) : undefined;
  if (inv && inv.status === "open") voidInvoice(ctx, inv);
  updateWithEvent(ctx, "customer.subscription.updated", sub, () => {
    sub.status = "incomplete_expired";
    sub.ended_at = ctx.emu.store.now(sub.test_clock);
    delete sub._expiresAt;
  });
}

/**
 * Stripe's `missing_payment_method: pause`: the trial ends without a card, so the subscription is paused — no
 * invoice, status `paused` — until it is resumed (`POST /v1/subscriptions/:id/resume`) after a card is added.
 */
function pauseAtTrialEnd(ctx: Ctx, sub: Subscription): void {
  const before = render(sub);
  sub.status = "paused";
  ctx.emu.store.touch();
  const previous = diffPrevious(before, render(sub));
  emit(ctx, "customer.subscription.updated", sub, previous);
  emit(ctx, "customer.subscription.paused", sub, previous);
}

/** The paused subscription starts its new period (billing_cycle_anchor now) with the status its payment decided. */
function applyResume(sub: Subscription, status: "active" | "past_due"): void {
  const resume = sub._resume;
  if (!resume) return;
  for (const it of sub.items.data) {
    it.current_period_start = resume.period.start;
    it.current_period_end = resume.period.end;
  }
  sub.billing_cycle_anchor = resume.period.start;
  sub.status = status;
  delete sub._resume;
}

/**
 * `POST /v1/subscriptions/:id/resume` with `billing_cycle_anchor` now (docs: billing/subscriptions/pause, "Resume
 * subscriptions"): a resumption invoice for a new period from now is created and finalized at once. With
 * `resume_on_payment_success` the request charges the default card; paid → active (and the new period starts),
 * declined → still paused, the invoice open and retried. With `resume_on_payment_attempt` (Stripe's default) the
 * request does not charge: the invoice waits for a payment (`invoices.pay`); paid → active, failed → past_due.
 * A free resumption (a 100% discount) is active at once.
 */
export function resumePausedSubscription(ctx: Ctx, sub: Subscription, behavior: ResumePaymentBehavior): void {
  if (sub.status !== "paused") throw invalidRequest("Subscription must be paused to be resumed.", { code: "subscription_not_paused" });
  const pending = sub._resume ? ctx.emu.store.get("invoice", sub._resume.invoice) : undefined;
  if (pending?.status === "open") {
    // An assumption (Stripe's docs do not say): a second resume while the first one's invoice is open is refused.
    throw invalidRequest(`This subscription has an open resumption invoice (${pending.id}); pay or void it first.`, { code: "subscription_resume_pending" });
  }
  const first = sub.items.data[0];
  if (!first) throw invalidRequest("This subscription has no items.");
  const customer = customerOf(ctx, sub.customer);
  const pm = defaultPaymentMethod(ctx, customer, sub);
  if (behavior === "resume_on_payment_success" && !pm) {
    throw invalidRequest(
      "This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://docs.stripe.com/billing/subscriptions/payment-methods-setting#payment-method-priority.",
      { code: "resource_missing" },
    );
  }
  const now = ctx.emu.store.now(sub.test_clock);
  const period = { start: now, end: periodAfter(now, now, first.price) };
  const inv = createInvoice(ctx, { customer, sub, billingReason: "subscription_update", lines: recurringLines(ctx, sub, sub.items.data, period, false), period: { start: now, end: now } });
  sub._resume = { invoice: inv.id, period, behavior };
  sub.latest_invoice = inv.id;
  ctx.emu.store.touch();
  finalizeInvoice(ctx, inv);
  if (behavior === "resume_on_payment_success" && inv.status === "open") attemptInvoicePayment(ctx, inv, pm, true);
}

export function sendTrialWillEnd(ctx: Ctx, sub: Subscription): void {
  sub._trialWillEndSent = true;
  ctx.emu.store.touch();
  emit(ctx, "customer.subscription.trial_will_end", sub);
}
