// Subscriptions: create (payment behaviours, trials), update (items, proration), cancel, resume.

import {
  applySubscriptionUpdate,
  finalizeAndCharge,
  renewSubscription,
  resumePausedSubscription,
  cancelSubscriptionNow,
  planSubscriptionUpdate,
  startSubscription,
  type ItemPlan,
  type ProrationBehavior,
  type StartSubscriptionOptions,
} from "../billing-engine";
import type { Ctx } from "../context";
import { invalidRequest, parameterInvalid, parameterMissing } from "../errors";
import { updateWithEvent } from "../events";
import { applyMetadata, readAutomaticTax, readTimestamp, type Params } from "../params";
import { LIST_PARAMS } from "../pagination";
import { resolvePaymentMethod } from "../payment-methods";
import { out, outList, type Route } from "../router";
import type { Price, Subscription } from "../types";
import { assertTaxLocation } from "../tax";
import { load } from "./lookup";
import { assertRedeemable, readDiscountSources, redeemDiscount } from "../discounts";

const PAYMENT_BEHAVIORS = new Set(["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"]);
const PRORATION_BEHAVIORS = new Set(["create_prorations", "always_invoice", "none"]);

export function readPaymentBehavior(p: Params): StartSubscriptionOptions["paymentBehavior"] {
  const v = p.str("payment_behavior") || "allow_incomplete";
  if (!PAYMENT_BEHAVIORS.has(v)) throw parameterInvalid("payment_behavior", `Invalid payment_behavior: must be one of ${[...PAYMENT_BEHAVIORS].join(", ")}`);
  return v as StartSubscriptionOptions["paymentBehavior"];
}

const MISSING_PAYMENT_METHOD = new Set(["cancel", "create_invoice", "pause"]);
type MissingPaymentMethod = Subscription["trial_settings"]["end_behavior"]["missing_payment_method"];

/** `trial_settings[end_behavior][missing_payment_method]`, checked as Stripe does; undefined when not given. */
function readMissingPaymentMethod(p: Params): MissingPaymentMethod | undefined {
  const v = p.obj("trial_settings")?.obj("end_behavior")?.str("missing_payment_method");
  if (v === undefined) return undefined;
  if (!MISSING_PAYMENT_METHOD.has(v)) {
    throw parameterInvalid(
      "trial_settings[end_behavior][missing_payment_method]",
      `Invalid trial_settings[end_behavior][missing_payment_method]: must be one of ${[...MISSING_PAYMENT_METHOD].join(", ")}`,
    );
  }
  return v as MissingPaymentMethod;
}

const CANCELLATION_FEEDBACK = new Set(["customer_service", "low_quality", "missing_features", "other", "switched_service", "too_complex", "too_expensive", "unused"]);
const COMMENT_MAX = 5000;

/** `cancellation_details[feedback|comment]` as Stripe checks them; `null` unsets (an empty string), absent keeps. */
function readCancellationDetails(p: Params): { feedback?: string | null; comment?: string | null } | undefined {
  const details = p.obj("cancellation_details");
  if (!details) return undefined;
  const out: { feedback?: string | null; comment?: string | null } = {};
  if (details.has("feedback")) {
    const v = details.str("feedback") ?? "";
    if (v !== "" && !CANCELLATION_FEEDBACK.has(v)) {
      throw parameterInvalid("cancellation_details[feedback]", `Invalid cancellation_details[feedback]: must be one of ${[...CANCELLATION_FEEDBACK].join(", ")}`);
    }
    out.feedback = v || null;
  }
  if (details.has("comment")) {
    const v = details.str("comment") ?? "";
    if (v.length > COMMENT_MAX) {
      throw parameterInvalid("cancellation_details[comment]", `Invalid cancellation_details[comment]: must be at most ${COMMENT_MAX} characters`);
    }
    out.comment = v || null;
  }
  return out;
}

export function readProrationBehavior(p: Params, name = "proration_behavior"): ProrationBehavior {
  const v = p.str(name) || "create_prorations";
  if (!PRORATION_BEHAVIORS.has(v)) throw parameterInvalid(name, `Invalid ${name}: must be one of create_prorations, always_invoice, or none`);
  return v as ProrationBehavior;
}

/** `items[i][price|quantity|id|deleted|metadata]` against a subscription's current items. */
export type RawItemPlan = Omit<ItemPlan, "price" | "quantity"> & { price?: Price; quantity?: number };

export function readItemPlans(c: Ctx, items: Params[], prefix: string): RawItemPlan[] {
  return items.map((it, i) => {
    const id = it.str("id") || undefined;
    const deleted = it.bool("deleted") ?? false;
    const priceId = it.str("price");
    const quantity = it.int("quantity");
    if (quantity !== undefined && quantity < 0) throw parameterInvalid(`${prefix}[${i}][quantity]`, "Quantity must be non-negative.", "parameter_invalid_integer");
    const metadata = it.metadataPatch() ? applyMetadata({}, it.metadataPatch()) : undefined;
    if (!priceId && !id) throw parameterMissing(`${prefix}[${i}][price]`);
    if (priceId) {
      const price = load(c, "price", priceId, `${prefix}[${i}][price]`);
      if (!price.active) throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, { param: `${prefix}[${i}][price]` });
      return { id, price, quantity, deleted, metadata };
    }
    // An existing item keeps its price; the caller resolves it against the subscription.
    return { id, quantity, deleted, metadata };
  });
}

/** Fills the price/quantity of `{id}`-only entries from the subscription's current items. */
export function resolveAgainst(sub: Subscription | null, plans: RawItemPlan[]): ItemPlan[] {
  return plans.map((plan, i) => {
    const existing = plan.id ? sub?.items.data.find((it) => it.id === plan.id) : undefined;
    if (plan.id && !existing) throw invalidRequest(`No such subscription item: '${plan.id}'`, { code: "resource_missing", param: "items", status: 404 });
    const price = plan.price ?? existing?.price;
    if (!price) throw parameterMissing(`items[${i}][price]`);
    return { ...plan, price, quantity: plan.quantity ?? existing?.quantity ?? 1 };
  });
}

/** `trial_end=now`: the trial ends and the first paid period is invoiced and charged at once. */
function endTrialNow(c: Ctx, sub: Subscription): void {
  renewSubscription(c, sub);
  const inv = sub.latest_invoice ? c.emu.store.get("invoice", sub.latest_invoice) : undefined;
  if (inv?.status === "draft") finalizeAndCharge(c, inv);
}

const ITEM_SPEC = { id: true, price: true, quantity: true, deleted: true, metadata: "hash", clear_usage: true, price_data: "any", tax_rates: "any", discounts: "any" } as const;

const CREATE_PARAMS = {
  customer: true,
  items: [ITEM_SPEC],
  default_payment_method: true,
  metadata: "hash",
  payment_behavior: true,
  payment_settings: { save_default_payment_method: true, payment_method_types: "any", payment_method_options: "any" },
  trial_period_days: true,
  trial_end: true,
  trial_from_plan: true,
  trial_settings: { end_behavior: { missing_payment_method: true } },
  cancel_at_period_end: true,
  cancel_at: true,
  description: true,
  off_session: true,
  collection_method: true,
  currency: true,
  proration_behavior: true,
  billing_cycle_anchor: true,
  automatic_tax: { enabled: true, liability: "any" },
  expand: [true],
  add_invoice_items: "any",
  discounts: "any",
} as const;

const UPDATE_PARAMS = {
  items: [ITEM_SPEC],
  proration_behavior: true,
  proration_date: true,
  cancel_at_period_end: true,
  cancel_at: true,
  cancellation_details: { comment: true, feedback: true },
  metadata: "hash",
  default_payment_method: true,
  payment_behavior: true,
  payment_settings: { save_default_payment_method: true, payment_method_types: "any", payment_method_options: "any" },
  description: true,
  trial_end: true,
  off_session: true,
  billing_cycle_anchor: true,
  pause_collection: "any",
  trial_settings: { end_behavior: { missing_payment_method: true } },
  automatic_tax: { enabled: true, liability: "any" },
  discounts: "any",
} as const;

/** List price of a set of items: what a promotion code's minimum amount is compared with. */
export function listAmount(items: { price: Price; quantity: number; deleted?: boolean }[]): number {
  return items.reduce((s, it) => s + (it.deleted ? 0 : it.price.unit_amount * it.quantity), 0);
}

export const subscriptionRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/subscriptions",
    params: CREATE_PARAMS,
    handler: (c) => {
      const customer = load(c, "customer", c.p.reqStr("customer"), "customer");
      const itemParams = c.p.list("items");
      if (itemParams.length === 0) throw parameterMissing("items");
      const items = resolveAgainst(null, readItemPlans(c, itemParams, "items"));
      const now = c.emu.store.now(customer.test_clock);
      let trialEnd: number | null = null;
      const trialDays = c.p.int("trial_period_days");
      const te = readTimestamp(c.p, "trial_end", now);
      if (te === "now") trialEnd = null;
      else if (te !== undefined) {
        if (te <= now) throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", { param: "trial_end", code: "parameter_invalid_integer" });
        trialEnd = te;
      } else if (trialDays !== undefined && trialDays > 0) trialEnd = now + trialDays * 86_400;
      else if (c.p.bool("trial_from_plan") && items[0]?.price.recurring?.trial_period_days) trialEnd = now + items[0].price.recurring.trial_period_days * 86_400;
      let defaultPm = c.p.str("default_payment_method") || null;
      if (defaultPm) {
        const pm = resolvePaymentMethod(c, defaultPm, "default_payment_method");
        if (pm.customer !== customer.id) {
          throw invalidRequest(`The customer does not have a payment method with the ID ${defaultPm}. The payment method must be attached to the customer.`, { param: "default_payment_method" });
        }
        defaultPm = pm.id;
      }
      const cancelAt = readTimestamp(c.p, "cancel_at", now);
      const save = c.p.obj("payment_settings")?.str("save_default_payment_method");
      const missing = readMissingPaymentMethod(c.p);
      const { sub, error } = startSubscription(c, {
        customer,
        items,
        defaultPaymentMethod: defaultPm,
        metadata: applyMetadata({}, c.p.metadataPatch()),
        paymentBehavior: readPaymentBehavior(c.p),
        trialEnd,
        saveDefaultPaymentMethod: save === "on_subscription" ? "on_subscription" : "off",
        cancelAtPeriodEnd: c.p.bool("cancel_at_period_end") ?? false,
        cancelAt: typeof cancelAt === "number" ? cancelAt : null,
        description: c.p.str("description") || null,
        offSession: c.p.bool("off_session") ?? false,
        missingPaymentMethod: missing ?? "create_invoice",
        automaticTax: readAutomaticTax(c.p),
        discounts: readDiscountSources(c, c.p),
      });
      if (error) throw error;
      return out(c, sub);
    },
  },
  { method: "GET", path: "/v1/subscriptions/:id", params: {}, handler: (c) => out(c, load(c, "subscription", c.path.id ?? "")) },
  {
    method: "POST",
    path: "/v1/subscriptions/:id",
    params: UPDATE_PARAMS,
    handler: (c) => {
      const sub = load(c, "subscription", c.path.id ?? "");
      const terminal = sub.status === "canceled" || sub.status === "incomplete_expired";
      const onlyMeta = Object.keys(c.p.raw).every((k) => k === "metadata" || k === "cancellation_details" || k === "expand");
      if (terminal && !onlyMeta) {
        throw invalidRequest("A canceled subscription can only update its cancellation_details and metadata.", { code: "subscription_canceled" });
      }
      const behavior = readProrationBehavior(c.p);
      const paymentBehavior = readPaymentBehavior(c.p);
      const now = c.emu.store.now(sub.test_clock);
      const pdRaw = readTimestamp(c.p, "proration_date", now);
      const prorationDate = pdRaw === "now" ? now : pdRaw;
      const itemParams = c.p.list("items");
      let defaultPm: string | null | undefined;
      if (c.p.has("default_payment_method")) {
        const id = c.p.str("default_payment_method") || null;
        if (id) {
          const pm = resolvePaymentMethod(c, id, "default_payment_method");
          if (pm.customer !== sub.customer) {
            throw invalidRequest(`The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`, { param: "default_payment_method" });
          }
          defaultPm = pm.id;
        } else defaultPm = null;
      }
      const cancelAtPeriodEnd = c.p.bool("cancel_at_period_end");
      const cancelAt = readTimestamp(c.p, "cancel_at", now);
      const details = readCancellationDetails(c.p);
      const discountSources = readDiscountSources(c, c.p);
      const missingPaymentMethod = readMissingPaymentMethod(c.p);
      if (readAutomaticTax(c.p) === true) assertTaxLocation(load(c, "customer", sub.customer, "customer"));
      const mutateOther = () => {
        if (discountSources) {
          sub.discounts = discountSources.map(
            (source) => redeemDiscount(c, source, { customer: sub.customer, subscription: sub.id, start: now, persist: true }).id,
          );
        }
        sub.metadata = applyMetadata(sub.metadata, c.p.metadataPatch());
        if (defaultPm !== undefined) sub.default_payment_method = defaultPm;
        if (c.p.has("description")) sub.description = c.p.str("description") || null;
        const save = c.p.obj("payment_settings")?.str("save_default_payment_method");
        if (save === "on_subscription" || save === "off") sub.payment_settings.save_default_payment_method = save;
        if (cancelAtPeriodEnd !== undefined) {
          sub.cancel_at_period_end = cancelAtPeriodEnd;
          sub.cancel_at = cancelAtPeriodEnd ? (sub.items.data[0]?.current_period_end ?? null) : null;
          sub.canceled_at = cancelAtPeriodEnd ? now : null;
          sub.cancellation_details = { ...sub.cancellation_details, reason: cancelAtPeriodEnd ? "cancellation_requested" : null };
        }
        if (c.p.has("cancel_at")) {
          sub.cancel_at = typeof cancelAt === "number" ? cancelAt : null;
          sub.canceled_at = sub.cancel_at ? now : null;
          sub.cancellation_details = { ...sub.cancellation_details, reason: sub.cancel_at ? "cancellation_requested" : null };
        }
        if (details?.comment !== undefined) sub.cancellation_details.comment = details.comment;
        if (details?.feedback !== undefined) sub.cancellation_details.feedback = details.feedback;
        const automaticTax = readAutomaticTax(c.p);
        if (automaticTax !== undefined) sub.automatic_tax = { disabled_reason: null, enabled: automaticTax, liability: automaticTax ? { type: "self" } : null };
        if (missingPaymentMethod) sub.trial_settings.end_behavior.missing_payment_method = missingPaymentMethod;
        const te = readTimestamp(c.p, "trial_end", now);
        if (te === "now" && sub.status === "trialing") {
          sub.trial_end = now;
          for (const it of sub.items.data) it.current_period_end = now;
        } else if (typeof te === "number") {
          sub.trial_end = te;
          sub.status = "trialing";
          for (const it of sub.items.data) it.current_period_end = te;
        }
      };
      const plans = itemParams.length ? resolveAgainst(sub, readItemPlans(c, itemParams, "items")) : [];
      for (const source of discountSources ?? []) {
        const customer = load(c, "customer", sub.customer, "customer");
        // Checked before anything changes: an unredeemable code leaves the subscription as it was.
        assertRedeemable(c, source, { customer, amount: listAmount(plans.length ? plans : sub.items.data), currency: sub.currency, now });
      }
      if (itemParams.length === 0) {
        const wasTrialing = sub.status === "trialing";
        updateWithEvent(c, "customer.subscription.updated", sub, mutateOther);
        if (wasTrialing && sub.trial_end === now) endTrialNow(c, sub);
        return out(c, sub);
      }
      const plan = planSubscriptionUpdate(c, sub, plans, behavior, prorationDate);
      const error = applySubscriptionUpdate(c, sub, plan, behavior, mutateOther, paymentBehavior);
      if (error) throw error;
      return out(c, sub);
    },
  },
  {
    method: "DELETE",
    path: "/v1/subscriptions/:id",
    params: { invoice_now: true, prorate: true, cancellation_details: { comment: true, feedback: true } },
    handler: (c) => {
      const sub = load(c, "subscription", c.path.id ?? "");
      const details = readCancellationDetails(c.p);
      cancelSubscriptionNow(c, sub, {
        invoiceNow: c.p.bool("invoice_now") ?? false,
        prorate: c.p.bool("prorate") ?? false,
        comment: details?.comment ?? null,
        feedback: details?.feedback ?? null,
      });
      return out(c, sub);
    },
  },
  {
    method: "POST",
    path: "/v1/subscriptions/:id/resume",
    params: { billing_cycle_anchor: "any", payment_behavior: true, proration_behavior: true, proration_date: true, expand: [true] },
    handler: (c) => {
      const sub = load(c, "subscription", c.path.id ?? "");
      // The pinned API version sends billing_cycle_anchor[type]; older ones a plain string. Only `now` is modelled.
      const raw = c.p.raw.billing_cycle_anchor;
      const anchor = typeof raw === "string" ? raw : (c.p.obj("billing_cycle_anchor")?.str("type") ?? "now");
      if (anchor !== "now" && anchor !== "unchanged") throw parameterInvalid("billing_cycle_anchor", "Invalid billing_cycle_anchor: must be one of now, unchanged");
      if (anchor === "unchanged") throw invalidRequest("stripe-local does not model billing_cycle_anchor=unchanged on resume; use now.", { param: "billing_cycle_anchor" });
      const behavior = c.p.str("payment_behavior") || "resume_on_payment_attempt";
      if (behavior !== "resume_on_payment_attempt" && behavior !== "resume_on_payment_success") {
        throw parameterInvalid("payment_behavior", "Invalid payment_behavior: must be one of resume_on_payment_attempt, resume_on_payment_success");
      }
      resumePausedSubscription(c, sub, behavior);
      return out(c, sub);
    },
  },
  {
    method: "GET",
    path: "/v1/subscriptions",
    params: { ...LIST_PARAMS, customer: true, price: true, status: true, test_clock: true, created: "any", current_period_end: "any", current_period_start: "any", collection_method: true },
    handler: (c) => {
      const customer = c.p.str("customer");
      const status = c.p.str("status");
      const price = c.p.str("price");
      const clock = c.p.str("test_clock");
      return outList(
        c,
        c.emu.store.all(
          "subscription",
          (s) =>
            (!customer || s.customer === customer) &&
            (!clock || s.test_clock === clock) &&
            (!price || s.items.data.some((i) => i.price.id === price)) &&
            (status === "all" ? true : status ? s.status === status : s.status !== "canceled" && s.status !== "incomplete_expired"),
        ),
        "/v1/subscriptions",
      );
    },
  },
];
