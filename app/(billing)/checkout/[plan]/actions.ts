"use server";
// Server actions of the checkout page: guarded (owner or billing admin), zod-validated, tenant from the session.
import { redirect } from "next/navigation";
import { z } from "zod";
import { billingAction, tenantAction, TENANT_ROLES } from "@/lib/actions/safe-action";
import { getSubscriptionStatus } from "@/lib/billing/get-billing-overview";
import { startCheckout } from "@/lib/billing/start-checkout";
import { startHostedCheckout } from "@/lib/billing/start-hosted-checkout";

const planInput = z.object({ planKey: z.string().min(1).max(64) });

export const startCheckoutAction = billingAction("checkout", ["owner", "billing"], planInput, async (input, { tenant, user }) =>
  startCheckout(tenant, input.planKey, { email: user.email }),
);

export const getCheckoutStatusAction = tenantAction(TENANT_ROLES, z.object({}), async (_input, { tenant }) =>
  getSubscriptionStatus(tenant.id),
);

const startHostedCheckoutAction = billingAction("checkout", ["owner", "billing"], planInput, async (input, { tenant, user }) => {
  const result = await startHostedCheckout(tenant, input.planKey, { email: user.email });
  redirect(result.kind === "redirect" ? result.url : result.redirectTo);
});

/** `<form action>` entry point, so hosted checkout works without client JavaScript. */
export async function hostedCheckoutFormAction(_previous: unknown, formData: FormData) {
  return startHostedCheckoutAction(formData);
}
