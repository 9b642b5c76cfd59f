// GET /checkout/[plan]/return — where Stripe sends the browser back (hosted Checkout with ?session_id, or a
// redirect-based payment with ?payment_intent). It only reads: it asks Stripe whether that session or payment is
// this tenant's and paid before it waits for activation, and otherwise says what really happened.
import type { Metadata } from "next";
import Link from "next/link";
import styles from "@/components/billing/billing.module.css";
import { requireTenantRole } from "@/lib/auth/guards";
import { getCheckoutReturnState, type CheckoutReturnState } from "@/lib/billing/get-checkout-return";
import { ActivationWaiter } from "./activation-waiter";

export const metadata: Metadata = { title: "Confirming payment" };

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

export default async function CheckoutReturnPage({
  params,
  searchParams,
}: {
  params: Promise<{ plan: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant } = await requireTenantRole();
  const [{ plan }, query] = await Promise.all([params, searchParams]);
  const state = await getCheckoutReturnState(tenant.id, {
    sessionId: one(query.session_id),
    paymentIntentId: one(query.payment_intent),
  });
  return (
    <div className={styles.card} style={{ maxWidth: 560 }}>
      <h1 className={styles.cardTitle}>Checkout</h1>
      {state === "paid" ? <ActivationWaiter /> : <NotPaid state={state} retryHref={`/checkout/${encodeURIComponent(plan)}`} />}
    </div>
  );
}

const MESSAGES: Record<Exclude<CheckoutReturnState, "paid">, string> = {
  open: "This checkout was not finished, so nothing was charged.",
  failed: "The payment did not go through, so nothing was charged.",
  expired: "This checkout has expired or was closed, so nothing was charged through it.",
  unknown: "We could not find this checkout for your organisation.",
};

function NotPaid({ state, retryHref }: { state: Exclude<CheckoutReturnState, "paid">; retryHref: string }) {
  return (
    <div data-testid="checkout-return-state" data-state={state}>
      <p className={state === "failed" ? styles.error : styles.muted} role={state === "failed" ? "alert" : "status"}>
        {MESSAGES[state]}
      </p>
      <p>
        <Link href="/billing">See your plan on the billing page</Link> · <Link href={retryHref}>Back to checkout</Link>
      </p>
    </div>
  );
}
