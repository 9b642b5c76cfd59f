// GET /checkout/[plan]/trial — start the plan's free trial, with a card (saved for the first invoice) or without.
// Opening the page creates nothing in Stripe; the one-trial-per-tenant rule is enforced again by the action.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import styles from "@/components/billing/billing.module.css";
import { requireTenantRole } from "@/lib/auth/guards";
import { getBillingOverview } from "@/lib/billing/get-billing-overview";
import { getTrialOffer } from "@/lib/billing/trial-eligibility";
import { formatMoney } from "@/lib/format/money";
import { formatDate } from "@/lib/format/dates";
import { getEnv } from "@/lib/env";
import { getActivePlanOrThrow } from "@/lib/plans/get-plan";
import { HostedCheckoutButton } from "../hosted-checkout-button";
import { TrialForm } from "./trial-form";

export const metadata: Metadata = { title: "Start a free trial" };

export default async function TrialPage({ params }: { params: Promise<{ plan: string }> }) {
  const { plan: planKey } = await params;
  const { tenant, role } = await requireTenantRole();
  const plan = await getActivePlanOrThrow(planKey);
  if (plan.trialDays <= 0) notFound();
  if (role === "member") redirect(`/checkout/${plan.key}`);
  const overview = await getBillingOverview(tenant.id);
  if (overview.hasHeldSubscription) redirect("/billing");
  const env = getEnv();
  const price = `${formatMoney(plan.amount, plan.currency)}/${plan.interval}`;

  const offer = await getTrialOffer(tenant.id, plan);
  if (!offer.available) {
    return (
      <div className={styles.card} role="alert" data-testid="trial-used">
        <h1 className={styles.cardTitle}>{tenant.name} has already had a free trial</h1>
        <p className={styles.muted}>Each organisation gets one trial. Subscribe to {plan.name} to continue.</p>
        <Link href={`/checkout/${plan.key}`}>Subscribe to {plan.name}</Link>
      </div>
    );
  }
  const trialEnd = offer.endsOn;
  const missing = env.TRIAL_MISSING_PAYMENT_METHOD === "pause" ? "paused" : "canceled";

  return (
    <>
      <h1 className={styles.pageTitle}>
        Try {plan.name} free for {plan.trialDays} days
      </h1>
      <p className={styles.lead}>
        Nothing is charged today. With a card, the trial becomes {plan.name} at {price} on {formatDate(trialEnd)}; without
        one, add a card before then or the subscription will be {missing}. One trial per organisation.
      </p>
      <div className={styles.checkout}>
        <section className={styles.card} aria-labelledby="summary-title">
          <h2 className={styles.cardTitle} id="summary-title">
            Order summary
          </h2>
          <div className={styles.summary}>
            <span>{plan.trialDays}-day free trial of {plan.name}</span>
            <span>{formatMoney(0, plan.currency)}</span>
          </div>
          <div className={styles.summary}>
            <span>Then, from {formatDate(trialEnd)}</span>
            <span>{price}</span>
          </div>
          <div className={`${styles.summary} ${styles.summaryTotal}`}>
            <span>Due today</span>
            <span data-testid="due-today">{formatMoney(0, plan.currency)}</span>
          </div>
          <p className={`${styles.small} ${styles.muted}`}>
            <Link href={`/checkout/${plan.key}`}>Subscribe now instead</Link>
          </p>
        </section>
        <section className={styles.card} aria-labelledby="payment-title">
          <h2 className={styles.cardTitle} id="payment-title">
            Card (optional)
          </h2>
          <TrialForm planKey={plan.key} publicKey={env.STRIPE_PUBLIC_KEY ?? ""} currency={plan.currency} />
          {env.CHECKOUT_HOSTED_ENABLED && <HostedCheckoutButton planKey={plan.key} trial />}
        </section>
      </div>
    </>
  );
}
