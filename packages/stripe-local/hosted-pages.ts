// Stand-in pages Stripe would host: the 3DS challenge, Checkout, the billing portal. Plain HTML forms that
// post back to the emulator and fire the same events as the equivalent API calls.

import { applySubscriptionUpdate, planSubscriptionUpdate, startSubscription } from "./billing-engine";
import { NO_REQUEST, type Ctx, type Emulator } from "./context";
import { StripeLocalError } from "./errors";
import { emit, updateWithEvent } from "./events";
import type { FormObject } from "./form-encoding";
import { cardFields, escapeHtml, money, page, parseExpiry } from "./html";
import { cardBehavior, type CardBehavior } from "./cards";
import { renderInvoicePdf } from "./invoice-pdf";
import { attachPaymentMethod, buildPaymentMethod } from "./payment-methods";
import { completePaymentIntent3ds } from "./payments";
import { loadCheckoutSession, sessionDiscountSources } from "./resources/checkout";
import { createTaxId } from "./resources/tax-ids";
import { customerRecord } from "./resources/customers";
import { parseTaxId, TAX_ID_TYPES, taxLocation } from "./tax";
import { newId } from "./store";
import type { Address, CheckoutSession, Customer, PaymentMethod } from "./types";

export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const html = (body: string, status = 200): PageResponse => ({ status, headers: { "Content-Type": "text/html; charset=utf-8" }, body });
const redirect = (location: string): PageResponse => ({ status: 303, headers: { Location: location }, body: "" });
const field = (form: FormObject, name: string) => {
  const v = form[name];
  return typeof v === "string" ? v.trim() : "";
};

export function threeDSPage(kind: string, id: string): PageResponse {
  const endpoint = `/_local/${kind}/${encodeURIComponent(id)}/3ds`;
  return html(
    page(
      "3D Secure",
      `<h1>3D Secure 2 test authentication</h1>
<p class="muted">Your bank (stripe-local) asks you to confirm this ${kind === "setup_intents" ? "card setup" : "payment"}.</p>
<p id="status" role="status"></p>
<button id="complete" type="button">Complete</button> <button id="fail" type="button">Fail</button>
<script>
async function finish(result){
  document.getElementById('complete').disabled=true;document.getElementById('fail').disabled=true;
  const res=await fetch(${JSON.stringify(endpoint)},{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify({result})});
  const body=await res.json().catch(()=>({}));
  document.getElementById('status').textContent=result==='pass'?'Authentication complete.':'Authentication failed.';
  const msg={type:'stripe-local-3ds',id:${JSON.stringify(id)},result,status:res.status,body};
  if(window.parent&&window.parent!==window)window.parent.postMessage(msg,'*');
  if(window.opener)window.opener.postMessage(msg,'*');
  const ret=new URLSearchParams(location.search).get('return_url');
  if(ret)location.href=ret;
}
document.getElementById('complete').onclick=()=>finish('pass');
document.getElementById('fail').onclick=()=>finish('fail');
</script>`,
    ),
  );
}

// --- Checkout -----------------------------------------------------------------------------------

function checkoutForm(emu: Emulator, id: string, error?: string): PageResponse {
  const ctx: Ctx = { emu, req: NO_REQUEST };
  let cs;
  try {
    cs = loadCheckoutSession(ctx, id);
  } catch {
    return html(page("Checkout", "<h1>Checkout session not found</h1>"), 404);
  }
  if (cs.status !== "open") {
    return html(page("Checkout", `<h1>This Checkout Session is ${escapeHtml(cs.status)}.</h1>`), 410);
  }
  const items = cs._lineItems
    .map((li) => {
      const price = emu.store.get("price", li.price);
      const name = price ? (emu.store.get("product", price.product)?.name ?? price.product) : li.price;
      const per = price?.recurring ? ` / ${price.recurring.interval}` : "";
      return `<li>${escapeHtml(name)} × ${li.quantity} — ${price ? money(price.unit_amount * li.quantity, price.currency) + per : ""}</li>`;
    })
    .join("");
  const customer = cs.customer ? emu.store.get("customer", cs.customer) : undefined;
  const email = customer?.email ?? cs.customer_email ?? "";
  const trial = cs._subscriptionData.trial_period_days ? `<p>${cs._subscriptionData.trial_period_days}-day free trial</p>` : "";
  const discount = cs.total_details.amount_discount > 0 ? `<p>Discount: −${money(cs.total_details.amount_discount, cs.currency)}</p>` : "";
  return html(
    page(
      "Checkout",
      `<h1>Subscribe</h1><ul>${items}</ul>${trial}${discount}<p><strong>Total due: ${money(cs._subscriptionData.trial_period_days ? 0 : cs.amount_total, cs.currency)}</strong></p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/_local/checkout/${escapeHtml(cs.id)}">
<label for="email">Email</label><input id="email" name="email" type="email" value="${escapeHtml(email)}" ${customer ? "readonly" : "required"}>
${asksAddress(cs, customer) ? addressFields() : ""}
${cs.tax_id_collection.enabled ? taxIdFields() : ""}
${cardFields("", { optional: cardOptional(cs) })}
<label for="name">Name on card</label><input id="name" name="name">
<button type="submit">Subscribe</button></form>
${cs.cancel_url ? `<p><a href="${escapeHtml(cs.cancel_url)}">Cancel</a></p>` : ""}`,
    ),
  );
}

/**
 * As Stripe: the page asks for the billing address when the session requires it (`billing_address_collection:
 * required`), and when automatic tax needs a location the customer does not have yet.
 */
function asksAddress(cs: CheckoutSession, customer: Customer | undefined): boolean {
  return cs.billing_address_collection === "required" || (cs.automatic_tax.enabled && !(customer && taxLocation(customer)));
}

/** Countries offered by the stand-in's address form: the emulator's tax table and a few beyond it. */
const COUNTRIES = ["US", "CA", "GB", "IE", "DE", "FR", "NL", "ES", "IT", "AT", "BE", "SE", "DK", "PL", "AU", "JP", "IN", "CH", "NO"];

function addressFields(): string {
  const options = COUNTRIES.map((code) => `<option value="${code}">${code}</option>`).join("");
  return `<fieldset class="card"><legend>Billing address</legend>
<label for="country">Country or region</label><select id="country" name="country" autocomplete="country" required><option value="">Choose…</option>${options}</select>
<label for="line1">Address line 1</label><input id="line1" name="line1" autocomplete="address-line1" required>
<label for="line2">Address line 2 (optional)</label><input id="line2" name="line2" autocomplete="address-line2">
<div class="row"><div><label for="city">City</label><input id="city" name="city" autocomplete="address-level2" required></div>
<div><label for="postal_code">Postal code</label><input id="postal_code" name="postal_code" autocomplete="postal-code" required></div></div>
<label for="state">State or province (optional)</label><input id="state" name="state" autocomplete="address-level1"></fieldset>`;
}

/** Stripe Checkout's "I'm purchasing as a business": optional, the number checked as the Tax ID API checks it. */
function taxIdFields(): string {
  const options = TAX_ID_TYPES.map((type) => `<option value="${type}">${type}</option>`).join("");
  return `<fieldset class="card"><legend>Purchasing as a business (optional)</legend>
<label for="business_name">Business name</label><input id="business_name" name="business_name" autocomplete="organization">
<div class="row"><div><label for="tax_id_type">Tax ID type</label><select id="tax_id_type" name="tax_id_type">${options}</select></div>
<div><label for="tax_id_value">Tax ID</label><input id="tax_id_value" name="tax_id_value" placeholder="DE123456789"></div></div></fieldset>`;
}

/** The address the page collected, or null when it asked for none; an incomplete one is refused. */
function addressFromForm(cs: CheckoutSession, customer: Customer | undefined, form: FormObject): Address | null {
  if (!asksAddress(cs, customer)) return null;
  const address: Address = {
    line1: field(form, "line1") || null,
    line2: field(form, "line2") || null,
    city: field(form, "city") || null,
    postal_code: field(form, "postal_code") || null,
    state: field(form, "state") || null,
    country: field(form, "country").toUpperCase() || null,
  };
  if (!address.line1 || !address.city || !address.postal_code || !address.country) {
    throw new StripeLocalError(400, { type: "invalid_request_error", code: "parameter_missing", message: "Enter your billing address: line 1, city, postal code and country." });
  }
  return address;
}

/** The tax ID typed on the page, checked before anything is created; null when none was typed. */
function taxIdFromForm(cs: CheckoutSession, form: FormObject): { type: string; value: string } | null {
  if (!cs.tax_id_collection.enabled || !field(form, "tax_id_value")) return null;
  const type = field(form, "tax_id_type");
  return { type, value: parseTaxId(type, field(form, "tax_id_value")).value };
}

/** As Stripe: with `payment_method_collection=if_required`, a trial's Checkout does not ask for a card. */
function cardOptional(cs: CheckoutSession): boolean {
  return cs.payment_method_collection === "if_required" && !!cs._subscriptionData.trial_period_days;
}

function cardFromForm(ctx: Ctx, form: FormObject, clock: string | null): PaymentMethod {
  const exp = parseExpiry(field(form, "exp"));
  if (!exp) throw new StripeLocalError(402, { type: "card_error", code: "invalid_expiry_month", message: "Your card's expiration date is incomplete." });
  return buildPaymentMethod(
    ctx,
    { number: field(form, "number"), exp_month: exp.exp_month, exp_year: exp.exp_year, cvc: field(form, "cvc") },
    { clock, billing: { name: field(form, "name") || null, email: field(form, "email") || null } },
  );
}

function completeCheckout(emu: Emulator, id: string, form: FormObject): PageResponse {
  const ctx: Ctx = { emu, req: NO_REQUEST };
  const cs = loadCheckoutSession(ctx, id);
  if (cs.status !== "open") return checkoutForm(emu, id);
  let customer: Customer | undefined = cs.customer ? emu.store.get("customer", cs.customer) : undefined;
  try {
    const address = addressFromForm(cs, customer, form);
    const taxId = taxIdFromForm(cs, form);
    const businessName = cs.tax_id_collection.enabled ? field(form, "business_name") || null : null;
    const skipCard = cardOptional(cs) && field(form, "number").trim() === "";
    const pm = skipCard ? null : cardFromForm(ctx, form, customer?.test_clock ?? null);
    // As Stripe: hosted Checkout creates the subscription only once the payment succeeds. A card that will be
    // declined (at attach, at charge, or after 3DS) leaves no subscription, invoice or customer behind.
    const behavior: Partial<CardBehavior> = pm ? cardBehavior(pm._number) : {};
    const decline = behavior.declineOnAttach ?? behavior.chargeDecline ?? behavior.declineAfter3ds;
    if (pm && decline && !cs._subscriptionData.trial_period_days) {
      emu.store.delete(pm.id);
      return checkoutForm(emu, id, decline.message);
    }
    if (!customer) {
      const email = field(form, "email") || cs.customer_email;
      customer = emu.store.insert<Customer>(
        customerRecord({
          id: newId("cus"),
          address,
          created: emu.store.now(),
          email: email || null,
          name: businessName ?? (field(form, "name") || null),
          test_clock: null,
        }),
      );
      emit(ctx, "customer.created", customer);
      cs.customer = customer.id;
    } else if (address && cs._customerUpdate?.address) {
      // `customer_update[address]=auto`: the address typed here becomes the existing customer's.
      const existing = customer;
      updateWithEvent(ctx, "customer.updated", existing, () => {
        existing.address = address;
        if (businessName && cs._customerUpdate?.name) existing.name = businessName;
      });
    }
    if (taxId) createTaxId(ctx, customer, taxId.type, taxId.value);
    if (pm) attachPaymentMethod(ctx, pm, customer.id);
    const items = cs._lineItems.flatMap((li) => {
      const price = emu.store.get("price", li.price);
      return price ? [{ price, quantity: li.quantity }] : [];
    });
    const now = emu.store.now(customer.test_clock);
    const trialDays = cs._subscriptionData.trial_period_days;
    const { sub, error } = startSubscription(ctx, {
      customer,
      items,
      defaultPaymentMethod: pm?.id ?? null,
      metadata: { ...cs._subscriptionData.metadata },
      paymentBehavior: "allow_incomplete",
      trialEnd: trialDays ? now + trialDays * 86_400 : null,
      saveDefaultPaymentMethod: "on_subscription",
      cancelAtPeriodEnd: false,
      cancelAt: null,
      description: null,
      offSession: false,
      missingPaymentMethod: cs._subscriptionData.missing_payment_method,
      automaticTax: cs._subscriptionData.automatic_tax ?? false,
      discounts: sessionDiscountSources(ctx, cs),
      checkoutSession: cs.id,
    });
    if (error) throw error;
    const inv = sub.latest_invoice ? emu.store.get("invoice", sub.latest_invoice) : undefined;
    const pi = inv?._paymentIntent ? emu.store.get("payment_intent", inv._paymentIntent) : undefined;
    // The hosted page's 3DS challenge is passed automatically; Elements tests exercise the real dialog.
    if (pi?.status === "requires_action") {
      const outcome = completePaymentIntent3ds(ctx, pi, true);
      if (outcome.kind === "declined") throw outcome.error;
    }
    if (sub.status !== "active" && sub.status !== "trialing") {
      const message = pi?.last_payment_error?.message ?? "Your card was declined.";
      return checkoutForm(emu, id, message);
    }
    cs.subscription = sub.id;
    cs.invoice = sub.latest_invoice;
    cs.status = "complete";
    cs.payment_status = inv && inv.amount_paid > 0 ? "paid" : "no_payment_required";
    if (trialDays) cs.payment_status = "no_payment_required";
    cs.url = null;
    cs.customer_email = customer.email;
    cs.customer_details = {
      address: address ?? customer.address,
      business_name: businessName,
      email: customer.email,
      individual_name: null,
      name: customer.name,
      phone: null,
      tax_exempt: "none",
      tax_ids: taxId ? [taxId] : [],
    };
    emu.store.touch();
    emit(ctx, "checkout.session.completed", cs);
    return redirect((cs.success_url ?? "/").replace(/\{CHECKOUT_SESSION_ID\}/g, cs.id));
  } catch (err) {
    if (err instanceof StripeLocalError) return checkoutForm(emu, id, err.message);
    throw err;
  }
}

// --- Billing portal -----------------------------------------------------------------------------

function portalPage(emu: Emulator, id: string, notice?: string): PageResponse {
  const ps = emu.store.get("billing_portal.session", id);
  if (!ps) return html(page("Billing portal", "<h1>Portal session not found</h1>"), 404);
  const customer = emu.store.get("customer", ps.customer);
  if (!customer) return html(page("Billing portal", "<h1>Customer not found</h1>"), 404);
  const pmId = customer.invoice_settings.default_payment_method;
  const pm = pmId ? emu.store.get("payment_method", pmId) : undefined;
  const features = emu.store.get("billing_portal.configuration", ps.configuration)?.features;
  // Only the switches the portal configuration allows, as Stripe's portal shows them.
  const allowed = new Set(features?.subscription_update.enabled ? (features.subscription_update.products ?? []).flatMap((p) => p.prices) : []);
  const prices = emu.store.all("price", (p) => p.active && p.recurring !== null && allowed.has(p.id));
  const subs = emu.store.all("subscription", (s) => s.customer === customer.id && ["active", "trialing", "past_due", "unpaid", "incomplete"].includes(s.status));
  const subHtml = subs
    .map((s) => {
      const item = s.items.data[0];
      const name = item ? (emu.store.get("product", item.price.product)?.name ?? item.price.product) : "";
      const options = prices
        .map((p) => {
          const pname = emu.store.get("product", p.product)?.name ?? p.product;
          return `<option value="${p.id}" ${item?.price.id === p.id ? "selected" : ""}>${escapeHtml(pname)} — ${money(p.unit_amount, p.currency)} / ${p.recurring?.interval}</option>`;
        })
        .join("");
      const ends = item ? new Date(item.current_period_end * 1000).toISOString().slice(0, 10) : "";
      return `<div class="card" data-subscription="${s.id}"><p><strong>${escapeHtml(name)}</strong> — <span class="status">${s.status}</span>${
        s.cancel_at_period_end ? ` · cancels on ${ends}` : ` · renews on ${ends}`
      }</p>
${
        prices.length > 0
          ? `<form method="post" action="/_local/portal/${ps.id}/plan"><input type="hidden" name="subscription" value="${s.id}">
<label for="price-${s.id}">Plan</label><select id="price-${s.id}" name="price">${options}</select><button type="submit">Update plan</button></form>`
          : ""
      }
${
  features?.subscription_cancel.enabled
    ? `<form method="post" action="/_local/portal/${ps.id}/${s.cancel_at_period_end ? "renew" : "cancel"}"><input type="hidden" name="subscription" value="${s.id}">
<button type="submit">${s.cancel_at_period_end ? "Renew plan" : "Cancel plan"}</button></form>`
    : ""
}</div>`;
    })
    .join("");
  return html(
    page(
      "Billing portal",
      `<h1>Billing</h1>${notice ? `<p class="error" role="alert">${escapeHtml(notice)}</p>` : ""}
<p>${escapeHtml(customer.email ?? customer.id)}</p>
<h2>Subscriptions</h2>${subHtml || "<p>No subscriptions.</p>"}
<h2>Payment method</h2><p>${pm ? `${escapeHtml(pm.card.brand)} •••• ${pm.card.last4}` : "None"}</p>
${features?.payment_method_update.enabled ? `<form method="post" action="/_local/portal/${ps.id}/payment_method">${cardFields("pm-")}<button type="submit">Update payment method</button></form>` : ""}
${ps.return_url ? `<p><a href="${escapeHtml(ps.return_url)}">Return</a></p>` : ""}`,
    ),
  );
}

/** A portal flow's `after_completion[redirect][return_url]`, else back to the portal page. */
function afterPortalAction(flow: Record<string, unknown> | null, id: string): string {
  const after = flow?.after_completion;
  if (after && typeof after === "object" && !Array.isArray(after)) {
    const redirectTo = (after as Record<string, unknown>).redirect;
    if (redirectTo && typeof redirectTo === "object" && !Array.isArray(redirectTo)) {
      const url = (redirectTo as Record<string, unknown>).return_url;
      if (typeof url === "string" && url) return url;
    }
  }
  return `/_local/portal/${id}`;
}

function portalAction(emu: Emulator, id: string, action: string, form: FormObject): PageResponse {
  const ps = emu.store.get("billing_portal.session", id);
  if (!ps) return html(page("Billing portal", "<h1>Portal session not found</h1>"), 404);
  const ctx: Ctx = { emu, req: NO_REQUEST };
  const customer = emu.store.get("customer", ps.customer);
  if (!customer) return portalPage(emu, id, "Customer not found.");
  const features = emu.store.get("billing_portal.configuration", ps.configuration)?.features;
  try {
    if (action === "payment_method") {
      if (!features?.payment_method_update.enabled) return portalPage(emu, id, "Updating the payment method is not enabled.");
      const pm = cardFromForm(ctx, form, customer.test_clock);
      if (pm) attachPaymentMethod(ctx, pm, customer.id);
      updateWithEvent(ctx, "customer.updated", customer, () => {
        customer.invoice_settings.default_payment_method = pm.id;
      });
      for (const sub of emu.store.all("subscription", (s) => s.customer === customer.id && s.default_payment_method !== null && !["canceled", "incomplete_expired"].includes(s.status))) {
        updateWithEvent(ctx, "customer.subscription.updated", sub, () => {
          sub.default_payment_method = pm.id;
        });
      }
      return redirect(afterPortalAction(ps.flow, id));
    }
    const sub = emu.store.get("subscription", field(form, "subscription"));
    if (!sub || sub.customer !== customer.id) return portalPage(emu, id, "Subscription not found.");
    const now = emu.store.now(sub.test_clock);
    if (action === "cancel" || action === "renew") {
      if (!features?.subscription_cancel.enabled) return portalPage(emu, id, "Cancellation is not enabled.");
      const cancel = action === "cancel";
      updateWithEvent(ctx, "customer.subscription.updated", sub, () => {
        sub.cancel_at_period_end = cancel;
        sub.cancel_at = cancel ? (sub.items.data[0]?.current_period_end ?? null) : null;
        sub.canceled_at = cancel ? now : null;
        sub.cancellation_details = { ...sub.cancellation_details, reason: cancel ? "cancellation_requested" : null };
      });
      return redirect(afterPortalAction(ps.flow, id));
    }
    if (action === "plan") {
      const price = emu.store.get("price", field(form, "price"));
      const item = sub.items.data[0];
      if (!price || !item) return portalPage(emu, id, "Unknown plan.");
      if (item.price.id === price.id) return redirect(afterPortalAction(ps.flow, id));
      const update = features?.subscription_update;
      const allowed = update?.enabled ? (update.products ?? []).some((p) => p.prices.includes(price.id)) : false;
      if (!update || !allowed) return portalPage(emu, id, "That plan is not offered in this portal.");
      const behavior = update.proration_behavior;
      const plan = planSubscriptionUpdate(ctx, sub, [{ id: item.id, price, quantity: item.quantity }], behavior, undefined);
      const error = applySubscriptionUpdate(ctx, sub, plan, behavior, () => undefined, "allow_incomplete");
      if (error) throw error;
      return redirect(afterPortalAction(ps.flow, id));
    }
    return portalPage(emu, id, `Unknown action ${action}.`);
  } catch (err) {
    if (err instanceof StripeLocalError) return portalPage(emu, id, err.message);
    throw err;
  }
}

/** Routes for the hosted pages; undefined when the path is not one of them. */
export function handlePage(emu: Emulator, method: string, path: string, form: FormObject): PageResponse | undefined {
  let m = /^\/_local\/3ds\/(payment_intents|setup_intents)\/([^/]+)$/.exec(path);
  if (m && method === "GET") return threeDSPage(m[1] ?? "", decodeURIComponent(m[2] ?? ""));
  m = /^\/_local\/checkout\/([^/]+)$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[1] ?? "");
    return method === "POST" ? completeCheckout(emu, id, form) : checkoutForm(emu, id);
  }
  m = /^\/_local\/portal\/([^/]+)(?:\/([a-z_]+))?$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[1] ?? "");
    if (method === "POST" && m[2]) return portalAction(emu, id, m[2], form);
    if (method === "GET" && !m[2]) return portalPage(emu, id);
  }
  m = /^\/_local\/invoices\/([^/]+)(\/pdf)?$/.exec(path);
  if (m && method === "GET") {
    const inv = emu.store.get("invoice", decodeURIComponent(m[1] ?? ""));
    if (!inv) return html(page("Invoice", "<h1>Invoice not found</h1>"), 404);
    const name = `Invoice ${inv.number ?? inv.id}`;
    if (m[2]) {
      return {
        status: 200,
        headers: { "Content-Type": "application/pdf", "Content-Disposition": `inline; filename="${name.replace(/\W+/g, "-")}.pdf"` },
        body: renderInvoicePdf(inv),
      };
    }
    const rows = inv.lines.data.map((l) => `<li>${escapeHtml(l.description ?? "")} — ${money(l.amount, l.currency)}</li>`).join("");
    const pdfLink = inv.invoice_pdf ? `<p><a href="${escapeHtml(inv.invoice_pdf)}">Download invoice (PDF)</a></p>` : "";
    return html(
      page(
        name,
        `<h1>${escapeHtml(name)}</h1><p>Status: ${inv.status}</p><ul>${rows}</ul>` +
          `<p>Total ${money(inv.total, inv.currency)} · Paid ${money(inv.amount_paid, inv.currency)} · Due ${money(inv.amount_remaining, inv.currency)}</p>${pdfLink}`,
      ),
    );
  }
  return undefined;
}
