"use server";
// Server actions of the billing dashboard: owner or billing admin only, zod-validated, tenant from the session.
// Each Stripe write carries an idempotency key derived from the request (form request id, quote, setup intent).
// After a change, the action waits briefly for the webhook so the re-rendered page already shows it.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { billingAction, tenantAction } from "@/lib/actions/safe-action";
import { billingDetailsSchema, saveBillingDetails } from "@/lib/billing/billing-details";
import { billingEmailSettingsSchema, updateBillingEmailSettings } from "@/lib/billing/billing-email-settings";
import { cancelSubscription, resumeSubscription } from "@/lib/billing/cancel-subscription";
import { auditTenantAction, cardLabel, planLabel } from "@/lib/billing/audit-tenant-action";
import { changePlan } from "@/lib/billing/change-plan";
import { getCurrentSubscriptionRow } from "@/lib/billing/get-billing-overview";
import { openBillingPortal } from "@/lib/billing/open-billing-portal";
import { previewPlanChange } from "@/lib/billing/preview-plan-change";
import { resumePausedSubscription } from "@/lib/billing/resume-paused-subscription";
import { MAX_SEATS, previewSeatChange } from "@/lib/billing/preview-seat-change";
import { createSetupIntentForPaymentMethod, setDefaultPaymentMethod } from "@/lib/billing/update-payment-method";
import { waitForDefaultPaymentMethod, waitForSubscriptionById } from "@/lib/billing/wait-for-webhook-state";
import { CANCELLATION_COMMENT_MAX, CANCELLATION_FEEDBACK } from "@/lib/format/cancellation-feedback";

const MANAGERS = ["owner", "billing"] as const;
const requestId = z.string().uuid("Reload the page and try again.");

const previewInput = z.object({ planKey: z.string().min(1).max(64), promotionCode: z.string().trim().max(64).optional() });

export const previewPlanChangeAction = billingAction("preview", MANAGERS, previewInput, async (input, { tenant }) =>
  previewPlanChange(tenant, input.planKey, { promotionCode: input.promotionCode || undefined }),
);

export const previewSeatChangeAction = billingAction(
  "preview",
  MANAGERS,
  z.object({ seats: z.coerce.number().int("Seats are a whole number.").min(1, "At least one seat.").max(MAX_SEATS, `At most ${MAX_SEATS} seats.`) }),
  async (input, { tenant }) => previewSeatChange(tenant, input.seats),
);

// A seat change is a plan change at the same price and another quantity: the same confirm, audited by what changed.
export const changePlanAction = billingAction("plan_change", MANAGERS, z.object({ quote: z.string().min(10).max(4000) }), async (input, { tenant, user }) => {
  const result = await changePlan(tenant, input.quote);
  await auditTenantAction({
    tenantId: tenant.id,
    userId: user.id,
    action: result.toPlanKey === result.fromPlanKey ? "tenant.seat_change" : "tenant.plan_change",
    key: result.idempotencyKey,
    before: { plan: planLabel(result.fromPlan), seats: result.fromSeats, stripeSubscriptionId: result.subscriptionId },
    after: {
      plan: planLabel(result.toPlan),
      seats: result.toSeats,
      chargedNow: result.invoice?.amountPaid ?? 0,
      currency: result.invoice?.currency ?? result.toPlan.currency,
      stripeInvoiceId: result.invoice?.id ?? null,
    },
  });
  const applied = await waitForSubscriptionById(tenant.id, result.subscriptionId, (row) => row.plan?.key === result.toPlanKey && row.quantity === result.toSeats);
  revalidatePath("/billing");
  return { ...result, applied };
});

const cancelAction = billingAction(
  "cancel",
  MANAGERS,
  z.object({
    mode: z.enum(["period_end", "now"]).default("period_end"),
    requestId,
    // Both optional: "" (the form's "prefer not to say" and an empty box) means none given.
    feedback: z
      .union([z.enum(CANCELLATION_FEEDBACK, "Pick a reason from the list."), z.literal("")])
      .default("")
      .transform((v) => v || null),
    comment: z
      .string()
      .trim()
      .max(CANCELLATION_COMMENT_MAX, `Keep the comment under ${CANCELLATION_COMMENT_MAX} characters.`)
      .default("")
      .transform((v) => v || null),
  }),
  async (input, { tenant, user }) => {
    const before = await getCurrentSubscriptionRow(tenant.id);
    const details = { feedback: input.feedback, comment: input.comment };
    const result = await cancelSubscription(tenant, { mode: input.mode, requestId: input.requestId, details });
    await auditTenantAction({
      tenantId: tenant.id,
      userId: user.id,
      action: input.mode === "now" ? "tenant.cancel_now" : "tenant.cancel_at_period_end",
      key: `cancel:${result.subscriptionId}:${input.mode}:${input.requestId}`,
      before: { plan: planLabel(before?.plan), status: before?.status ?? null, stripeSubscriptionId: result.subscriptionId },
      after: { mode: input.mode, periodEnd: before?.currentPeriodEnd?.toISOString() ?? null, ...details },
    });
    const applied = await waitForSubscriptionById(tenant.id, result.subscriptionId, (row) =>
      input.mode === "now" ? row.status === "canceled" : row.cancelAtPeriodEnd || row.cancelAt !== null,
    );
    revalidatePath("/billing");
    return { ...result, applied };
  },
);

export async function cancelFormAction(_previous: unknown, formData: FormData) {
  return cancelAction(formData);
}

const resumeAction = billingAction("resume", MANAGERS, z.object({ requestId }), async (input, { tenant, user }) => {
  const result = await resumeSubscription(tenant, input);
  await auditTenantAction({
    tenantId: tenant.id,
    userId: user.id,
    action: "tenant.resume",
    key: `resume:${result.subscriptionId}:${input.requestId}`,
    before: { cancelAtPeriodEnd: true, stripeSubscriptionId: result.subscriptionId },
    after: { cancelAtPeriodEnd: false },
  });
  const applied = await waitForSubscriptionById(tenant.id, result.subscriptionId, (row) => !row.cancelAtPeriodEnd && row.cancelAt === null);
  revalidatePath("/billing");
  return { ...result, applied };
});

export async function resumeFormAction(_previous: unknown, formData: FormData) {
  return resumeAction(formData);
}

// The subscription id is the one the page showed: the use case refuses any the tenant does not hold (a 404).
export const resumePausedAction = billingAction(
  "resume",
  MANAGERS,
  z.object({ requestId, subscriptionId: z.string().regex(/^sub_[A-Za-z0-9]+$/, "Reload the page and try again.") }),
  async (input, { tenant, user }) => {
    const before = await getCurrentSubscriptionRow(tenant.id);
    const result = await resumePausedSubscription(tenant, input);
    await auditTenantAction({
      tenantId: tenant.id,
      userId: user.id,
      action: "tenant.resume_paused",
      key: `resume-paused:${result.subscriptionId}:${input.requestId}`,
      before: { plan: planLabel(before?.plan), status: "paused", stripeSubscriptionId: result.subscriptionId },
      after: {
        status: "active",
        chargedNow: result.invoice?.amountPaid ?? 0,
        currency: result.invoice?.currency ?? before?.plan?.currency ?? "usd",
        stripeInvoiceId: result.invoice?.id ?? null,
      },
    });
    const applied = await waitForSubscriptionById(tenant.id, result.subscriptionId, (row) => row.status === "active");
    revalidatePath("/billing");
    return { ...result, applied };
  },
);

export const createSetupIntentAction = billingAction("setup_intent", MANAGERS, z.object({ requestId }), async (input, { tenant, user }) =>
  createSetupIntentForPaymentMethod(tenant, { requestId: input.requestId, email: user.email }),
);

export const setDefaultPaymentMethodAction = billingAction(
  "payment_method",
  MANAGERS,
  z.object({ setupIntentId: z.string().regex(/^seti_[A-Za-z0-9]+$/) }),
  async (input, { tenant, user }) => {
    const result = await setDefaultPaymentMethod(tenant, input);
    const applied = await waitForDefaultPaymentMethod(tenant.id, result.paymentMethodId);
    await auditTenantAction({
      tenantId: tenant.id,
      userId: user.id,
      action: "tenant.payment_method_change",
      key: `default-pm:${input.setupIntentId}`,
      before: { card: cardLabel(result.previousCard) },
      after: { card: cardLabel(result.card), stripePaymentMethodId: result.paymentMethodId },
    });
    revalidatePath("/billing");
    return { ...result, applied };
  },
);

const portalAction = billingAction("portal", MANAGERS, z.object({ requestId }), async (input, { tenant }) => {
  const { url } = await openBillingPortal(tenant, input);
  redirect(url);
});

export async function portalFormAction(_previous: unknown, formData: FormData) {
  return portalAction(formData);
}

// No Stripe call, so no billing allowance spent: a plain tenant action.
const billingEmailSettingsAction = tenantAction(MANAGERS, billingEmailSettingsSchema, async (input, { tenant, user }) => {
  const settings = await updateBillingEmailSettings(tenant.id, user.id, input);
  revalidatePath("/billing");
  return settings;
});

export async function billingEmailSettingsFormAction(_previous: unknown, formData: FormData) {
  return billingEmailSettingsAction(formData);
}

export const saveBillingDetailsAction = billingAction("billing_details", MANAGERS, billingDetailsSchema, async (input, { tenant, user }) => {
  const details = await saveBillingDetails(tenant, input, { userId: user.id, email: user.email });
  revalidatePath("/billing");
  return details;
});
