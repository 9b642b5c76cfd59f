"use server";
// Server actions of the checkout page: guarded (owner or billing admin), zod-validated, tenant from the session.
import { redirect } from "next/navigation";
import { z } from "zod";
import { billingAction, tenantAction } from "@/lib/actions/safe-action";
import { TENANT_ROLES } from "@/lib/auth/roles";
import { getSubscriptionStatus } from "@/lib/billing/get-billing-overview";
import { startCheckout } from "@/lib/billing/start-checkout";
import { billingAddressSchema, taxIdSchema } from "@/lib/billing/billing-details";
import { priceCheckout } from "@/lib/billing/quote-checkout";
import { getActivePlanOrThrow } from "@/lib/plans/get-plan";
import { startHostedCheckout } from "@/lib/billing/start-hosted-checkout";
import { startTrial } from "@/lib/billing/start-trial";

const planInput = z.object({ planKey: z.string().min(1).max(64) });
// attemptId: one per page view, so a double click or a retry after a network error is the same Stripe request.
const startInput = planInput.extend({ attemptId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/).optional() });
// The promotion code as typed; startCheckout checks it against Stripe before creating anything.
const promotionCode = z.string().trim().max(64).optional();
const checkoutInput = startInput.extend({
  promotionCode,
  // The total the page showed, in minor units: startCheckout refuses (409) if it is not what Stripe would charge.
  expectedTotal: z.number().int().nonnegative().max(100_000_000),
  // Typed in the checkout's Address Element (and the VAT number beside it) when tax is on and none is on file;
  // saved before the subscription.
  billingAddress: billingAddressSchema.extend({ taxId: taxIdSchema.optional() }).optional(),
});

/** Called when the tenant presses Subscribe (deferred intent), never when the page opens. */
export const startCheckoutAction = billingAction("checkout", ["owner", "billing"], checkoutInput, async (input, { tenant, user }) =>
  startCheckout(tenant, input.planKey, {
    email: user.email,
    userId: user.id,
    attemptId: input.attemptId,
    promotionCode: input.promotionCode || undefined,
    expectedTotal: input.expectedTotal,
    billingAddress: input.billingAddress,
  }),
);

/** The order summary's tax and total for the address being typed (debounced by the page); stores nothing. */
export const previewCheckoutAction = billingAction(
  "preview",
  ["owner", "billing"],
  planInput.extend({ promotionCode, address: billingAddressSchema.shape.address, taxId: taxIdSchema.optional() }),
  async (input, { tenant }) => {
    const plan = await getActivePlanOrThrow(input.planKey);
    const { quote } = await priceCheckout({ tenantId: tenant.id, plan, code: input.promotionCode ?? "", address: input.address, taxId: input.taxId });
    return quote;
  },
);

/** Starts the plan's free trial when the tenant presses Start (with a card entered, or without one). */
export const startTrialAction = billingAction("checkout", ["owner", "billing"], startInput, async (input, { tenant, user }) =>
  startTrial(tenant, input.planKey, { email: user.email, attemptId: input.attemptId }),
);

export const getCheckoutStatusAction = tenantAction(TENANT_ROLES, z.object({}), async (_input, { tenant }) =>
  getSubscriptionStatus(tenant.id),
);

// trial: "1" from the trial page's form (a plain form posts strings).
const hostedInput = planInput.extend({ trial: z.literal("1").optional(), promotionCode: z.string().trim().max(64).optional() });

const startHostedCheckoutAction = billingAction("checkout", ["owner", "billing"], hostedInput, async (input, { tenant, user }) => {
  const result = await startHostedCheckout(tenant, input.planKey, {
    email: user.email,
    trial: input.trial === "1",
    promotionCode: input.promotionCode || undefined,
  });
  redirect(result.kind === "redirect" ? result.url : result.redirectTo);
});

/** `<form action>` entry point, so hosted checkout works without client JavaScript. */
export async function hostedCheckoutFormAction(_previous: unknown, formData: FormData) {
  return startHostedCheckoutAction(formData);
}
