// One readable sentence per audit row, for the admin audit log and the tenant page. The raw before/after stay
// available beside it (expandable); this only words them. An action without a sentence gets a plain fallback.
import { cancellationFeedbackLabel } from "@/lib/format/cancellation-feedback";
import { formatMoney } from "@/lib/format/money";

export interface AuditRowForSentence {
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}
function str(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}
function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
function money(amount: unknown, currency: unknown): string | null {
  const n = num(amount);
  return n === null ? null : formatMoney(n, str(currency) ?? "usd");
}

/** The reason a customer gave for canceling, when they gave one: " Reason: It's too expensive." */
function leaving(after: Json): string {
  const feedback = str(after.feedback);
  return feedback ? ` Reason: ${cancellationFeedbackLabel(feedback)}.` : "";
}

/** The billing name and address as the audit row keeps them (one line each): what was set, or what changed. */
function billingDetailsChange(b: Json, a: Json): string {
  if (str(b.name) === null && str(b.address) === null) {
    return `Set the billing details: name ${str(a.name) ?? "none"}, address ${str(a.address) ?? "none"}.`;
  }
  const changes = [
    str(b.name) !== str(a.name) ? `name from ${str(b.name) ?? "none"} to ${str(a.name) ?? "none"}` : null,
    str(b.address) !== str(a.address) ? `address from ${str(b.address) ?? "none"} to ${str(a.address) ?? "none"}` : null,
  ].filter((c): c is string => c !== null);
  return `Changed the billing ${changes.join(" and the ")}.`;
}

/** "admin:<id>" → "An admin", with the name when the caller knows it. */
export function describeActor(actor: string, name?: string | null): string {
  const [kind] = actor.split(":");
  const who = name ? ` (${name})` : "";
  switch (kind) {
    case "admin":
      return `Admin${who}`;
    case "user":
      return `Tenant user${who}`;
    case "stripe":
      return `Stripe event ${actor.slice("stripe:".length)}`;
    default:
      return actor === "system" ? "The system" : actor;
  }
}

export function describeAudit(row: AuditRowForSentence): string {
  const b = obj(row.before);
  const a = obj(row.after);
  const currency = a.currency ?? b.currency;
  switch (row.action) {
    case "tenant.plan_change": {
      const charged = money(a.chargedNow, currency);
      const next = money(a.nextInvoiceAmount, currency);
      return [
        `Changed the plan from ${str(b.plan) ?? "?"} to ${str(a.plan) ?? "?"}`,
        charged !== null && num(a.chargedNow) ? `; charged ${charged} now` : "; nothing charged now",
        next !== null ? `, next invoice ${next}` : "",
        ".",
      ].join("");
    }
    case "tenant.seat_change": {
      const charged = money(a.chargedNow, currency);
      return `Changed the seats of ${str(a.plan) ?? "?"} from ${num(b.seats) ?? "?"} to ${num(a.seats) ?? "?"}${charged !== null && num(a.chargedNow) ? `; charged ${charged} now` : "; nothing charged now"}.`;
    }
    case "tenant.cancel_now":
      return `Canceled the ${str(b.plan) ?? ""} subscription immediately; access ended at once, no refund.${leaving(a)}`.replace("the  sub", "the sub");
    case "tenant.cancel_at_period_end":
      return `Set the ${str(b.plan) ?? ""} subscription to cancel at the end of the period${str(a.periodEnd) ? ` (${str(a.periodEnd)?.slice(0, 10)})` : ""}.${leaving(a)}`.replace("the  sub", "the sub");
    case "team.invite":
      return `Invited ${str(a.email) ?? "someone"} as ${str(a.role) ?? "?"}.`;
    case "team.invite_resend":
      return `Sent the invitation to ${str(a.email) ?? "?"} again (${str(a.role) ?? "?"}); the previous link stopped working.`;
    case "team.invite_revoke":
      return `Revoked the invitation to ${str(b.email) ?? "?"}.`;
    case "team.invite_accept":
      return `${str(a.email) ?? "Someone"} accepted the invitation and joined as ${str(a.role) ?? "?"}.`;
    case "team.role_change":
      return `Changed ${str(a.email) ?? "a member"}'s role from ${str(b.role) ?? "?"} to ${str(a.role) ?? "?"}.`;
    case "team.member_remove":
      return `Removed ${str(b.email) ?? "a member"} (${str(b.role) ?? "?"}) from the team.`;
    case "team.ownership_transfer":
      return `Handed ownership from ${str(b.owner) ?? "?"} to ${str(a.owner) ?? "?"}; ${str(b.owner) ?? "the previous owner"} is now a billing admin.`;
    case "admin.view_as_tenant":
      return "Viewed the tenant's billing dashboard as the tenant sees it (read-only).";
    case "tenant.resume":
      return `Resumed the subscription: it renews again instead of canceling.`;
    case "tenant.resume_paused": {
      const charged = money(a.chargedNow, currency);
      const plan = str(b.plan);
      return `Added a payment method and resumed the paused ${plan ? `${plan} ` : ""}subscription${charged !== null && num(a.chargedNow) ? `; charged ${charged} now` : "; nothing charged"}.`;
    }
    case "tenant.billing_address_change":
      return billingDetailsChange(b, a);
    case "tenant.tax_id_add":
      return `Added the tax ID ${str(a.value) ?? "?"} (${str(a.type) ?? "?"}).`;
    case "tenant.tax_id_remove":
      return `Removed the tax ID ${str(b.value) ?? "?"} (${str(b.type) ?? "?"}).`;
    case "tenant.payment_method_change":
      return `Changed the card on file${str(b.card) ? ` from ${str(b.card)}` : ""} to ${str(a.card) ?? "a new card"}.`;
    case "admin.refund": {
      const amount = money(a.amount, currency) ?? "an amount";
      const of = money(b.amount, currency);
      return `Refunded ${amount}${of ? ` of a ${of} payment` : ""} (charge ${str(a.stripeChargeId) ?? "?"}, refund ${str(a.stripeRefundId) ?? "?"}, ${str(a.status) ?? "pending"}).`;
    }
    case "admin.invoice_retry": {
      const due = money(b.amountRemaining, currency);
      const what = `Retried invoice ${str(a.stripeInvoiceId) ?? "?"}${due ? ` (${due} due)` : ""}`;
      const why = str(a.message)?.replace(/\.$/, "");
      return a.paid === true ? `${what}: paid.` : `${what}: not paid${why ? ` — ${why}` : ""}.`;
    }
    case "admin.subscription_cancel_now":
      return `Canceled subscription ${str(a.stripeSubscriptionId) ?? "?"} immediately.`;
    case "admin.subscription_cancel_at_period_end":
      return `Set subscription ${str(a.stripeSubscriptionId) ?? "?"} to cancel at the end of the period.`;
    case "admin.webhook_replay":
      return `Replayed webhook event ${str(a.eventId) ?? "?"}${str(a.type) ? ` (${str(a.type)})` : ""}: ${str(a.outcome) ?? "done"}${str(a.source) ? `, from ${str(a.source)}` : ""}.`;
    case "admin.webhook_gap_fill":
      return `Filled the webhook gap since ${str(a.since)?.slice(0, 16).replace("T", " ") ?? "?"}: ${num(a.scanned) ?? 0} events scanned, ${num(a.missing) ?? 0} missing.`;
    case "subscription.status_changed":
      return `Subscription ${str(a.stripeSubscriptionId) ?? "?"} went from ${str(b.status) ?? "nothing"} to ${str(a.status) ?? "?"}.`;
    case "invoice.status_changed":
      return `Invoice ${str(a.stripeInvoiceId) ?? "?"} went from ${str(b.status) ?? "nothing"} to ${str(a.status) ?? "?"}.`;
    case "payment.refunded":
      return `Charge ${str(a.stripeChargeId) ?? "?"}: refunded total now ${money(a.amountRefunded, currency) ?? "?"} (was ${money(b.amountRefunded, currency) ?? "?"})${a.refunded === true ? ", fully refunded" : ""}.`;
    case "admin.email_resent":
      return `Resent the email "${str(a.subject) ?? "?"}" to ${str(a.to) ?? "?"}.`;
    case "tenant.stripe_customer_linked":
      return `Linked Stripe customer ${str(a.stripeCustomerId) ?? "?"} to the tenant.`;
    default: {
      if (row.action.startsWith("reconcile.")) return `Drift repair: ${row.action.slice("reconcile.".length).replace(/_/g, " ")} to match Stripe.`;
      return `${row.action.replace(/[._]/g, " ")}.`;
    }
  }
}
