// GET /checkout/[plan]/return — where Stripe sends the browser back (hosted Checkout, or a redirect-based payment
// method). It only reads: the subscription becomes active when the webhook says so.
import type { Metadata } from "next";
import styles from "@/components/billing/billing.module.css";
import { requireTenantRole } from "@/lib/auth/guards";
import { ActivationWaiter } from "./activation-waiter";

export const metadata: Metadata = { title: "Confirming payment" };

export default async function CheckoutReturnPage({
  searchParams,
}: {
  searchParams: Promise<{ redirect_status?: string }>;
}) {
  await requireTenantRole();
  const { redirect_status: redirectStatus } = await searchParams;
  return (
    <div className={styles.card} style={{ maxWidth: 560 }}>
      <h1 className={styles.cardTitle}>Checkout</h1>
      {redirectStatus === "failed" ? (
        <p className={styles.error} role="alert">
          The payment did not go through. Go back to try another card.
        </p>
      ) : (
        <ActivationWaiter />
      )}
    </div>
  );
}
