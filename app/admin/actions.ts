"use server";
// Every admin server action, in one module so a test can walk them all: each goes through adminAction
// (session re-checked in the database, platform admin or not_found, zod-parsed input).
import { revalidatePath } from "next/cache";
import { adminAction } from "@/lib/actions/safe-action";
import { cancelTenantSubscription, cancelTenantSubscriptionSchema } from "@/lib/admin/cancel-tenant-subscription";
import { refundPayment, refundPaymentSchema } from "@/lib/admin/refund-payment";
import { fillWebhookGap, fillWebhookGapSchema, replayWebhookEvent, replayWebhookEventSchema } from "@/lib/admin/replay-webhook-event";
import { resendEmail, resendEmailSchema } from "@/lib/admin/resend-email";
import { retryInvoice, retryInvoiceSchema } from "@/lib/admin/retry-invoice";
import { runDriftCheck, runDriftCheckSchema } from "@/lib/admin/run-drift-check";
import { signOutUserEverywhere, signOutUserEverywhereSchema } from "@/lib/admin/sign-out-user-everywhere";

function refreshAdmin(): void {
  revalidatePath("/admin", "layout");
}

export const refundPaymentAction = adminAction(refundPaymentSchema, async function refundPaymentAction(input, context) {
  const result = await refundPayment(input, context);
  refreshAdmin();
  return result;
});

export const cancelTenantSubscriptionAction = adminAction(
  cancelTenantSubscriptionSchema,
  async function cancelTenantSubscriptionAction(input, context) {
    const result = await cancelTenantSubscription(input, context);
    refreshAdmin();
    return result;
  },
);

export const retryInvoiceAction = adminAction(retryInvoiceSchema, async function retryInvoiceAction(input, context) {
  const result = await retryInvoice(input, context);
  refreshAdmin();
  return result;
});

export const replayWebhookEventAction = adminAction(replayWebhookEventSchema, async function replayWebhookEventAction(input, context) {
  const result = await replayWebhookEvent(input, context);
  refreshAdmin();
  return result;
});

export const fillWebhookGapAction = adminAction(fillWebhookGapSchema, async function fillWebhookGapAction(input, context) {
  const result = await fillWebhookGap(input, context);
  refreshAdmin();
  return result;
});

export const runDriftCheckAction = adminAction(runDriftCheckSchema, async function runDriftCheckAction(input, context) {
  const result = await runDriftCheck(input, context);
  refreshAdmin();
  return result;
});

export const signOutUserEverywhereAction = adminAction(
  signOutUserEverywhereSchema,
  async function signOutUserEverywhereAction(input, context) {
    const result = await signOutUserEverywhere(input, context);
    refreshAdmin();
    return result;
  },
);

export const resendEmailAction = adminAction(resendEmailSchema, async function resendEmailAction(input, context) {
  const result = await resendEmail(input, context);
  refreshAdmin();
  return result;
});
