// GET /checkout/[plan] — pay for a plan with the PaymentElement (Stripe's deferred-intent flow). Opening the page
// creates nothing in Stripe: the subscription is created by a server action when the tenant presses Subscribe,
// and the page waits for the webhook before saying so.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import styles from "@/components/billing/billing.module.css";
import { requireTenantRole } from "@/lib/auth/guards";
import { getBillingOverview } from "@/lib/billing/get-billing-overview";
import { formatMoney } from "@/lib/format/money";
import { priceCheckout } from "@/lib/billing/quote-checkout";
import { getBillingDetailsOnFile } from "@/lib/billing/billing-details";
import { formatBillingCadence } from "@/lib/format/plan-interval";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { getActivePlanOrThrow } from "@/lib/plans/get-plan";
import { getTrialOffer } from "@/lib/billing/trial-eligibility";
import { DiscountLine } from "@/components/billing/discount-line";
import { PromotionCodeField } from "@/components/billing/promotion-code-field";
import { CheckoutForm } from "./checkout-form";
import { HostedCheckoutButton } from "./hosted-checkout-button";
import { CheckoutQuoteProvider, QuoteLines } from "./checkout-quote";

export const metadata: Metadata = { title: "Checkout" };

async function loadPlan(key: string) {
  try {
    return await getActivePlanOrThrow(key);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function CheckoutPage({
  params,
  searchParams,
}: {
  params: Promise<{ plan: string }>;
  searchParams: Promise<{ code?: string | string[] }>;
}) {
  const { plan: planKey } = await params;
  const { code: codeParam } = await searchParams;
  const typedCode = (Array.isArray(codeParam) ? codeParam[0] : codeParam)?.trim() ?? "";
  const { tenant, role } = await requireTenantRole();
  const plan = await loadPlan(planKey);
  if (role === "member") {
    return (
      <div className={styles.card} role="alert">
        <h1 className={styles.cardTitle}>Only an owner or billing admin can subscribe</h1>
        <p className={styles.muted}>Ask an owner or billing admin of {tenant.name} to choose a plan.</p>
        <Link href="/billing">Back to billing</Link>
      </div>
    );
  }
  const overview = await getBillingOverview(tenant.id);
  if (overview.hasHeldSubscription) redirect("/billing");
  const env = getEnv();
  const offerTrial = (await getTrialOffer(tenant.id, plan)).available;
  // The code is checked on the server against Stripe each time the page renders, and again when Subscribe is pressed.
  // With tax on, the address decides the tax: shown when on file, else asked for beside the card.
  const [{ seats, promotion, promotionError, quote }, detailsOnFile] = await Promise.all([
    priceCheckout({ tenantId: tenant.id, plan, code: typedCode }),
    env.STRIPE_TAX_ENABLED ? getBillingDetailsOnFile(tenant.id) : null,
  ]);
  const subtotal = quote.subtotal;
  const collectAddress = env.STRIPE_TAX_ENABLED && !detailsOnFile;

  return (
    <>
      <h1 className={styles.pageTitle}>Subscribe to {plan.name}</h1>
      <p className={styles.lead}>You are subscribing {tenant.name}. You can change or cancel at any time.</p>
      {offerTrial && (
        <p className={`${styles.banner} ${styles.bannerInfo}`}>
          Not sure yet?{" "}
          <Link href={`/checkout/${plan.key}/trial`} data-testid="start-trial-link">
            Try {plan.name} free for {plan.trialDays} days
          </Link>
          , no card needed.
        </p>
      )}
      <CheckoutQuoteProvider initial={{ tax: quote.tax, needsAddress: quote.needsAddress, total: quote.total }}>
        <div className={styles.checkout}>
          <section className={styles.card} aria-labelledby="summary-title">
            <h2 className={styles.cardTitle} id="summary-title">
              Order summary
            </h2>
            <div className={styles.summary}>
              <span>
                {plan.name}, billed {formatBillingCadence(plan.interval)}
                {plan.perSeat && ", per seat"}
              </span>
              <span>{formatMoney(plan.amount, plan.currency)}</span>
            </div>
            {plan.perSeat && (
              <div className={styles.summary} data-testid="checkout-seats" data-seats={seats}>
                <span>
                  {seats} {seats === 1 ? "seat" : "seats"} × {formatMoney(plan.amount, plan.currency)}
                </span>
                <span>{formatMoney(subtotal, plan.currency)}</span>
              </div>
            )}
            {promotion && (
              <DiscountLine
                code={promotion.code}
                description={promotion.description}
                amount={promotion.discountAmount}
                currency={plan.currency}
              />
            )}
            <QuoteLines currency={plan.currency} collectsAddress={collectAddress} />
            <PromotionCodeField
              action={`/checkout/${plan.key}`}
              value={typedCode}
              error={promotionError ?? undefined}
              applied={promotion !== null}
            />
            {plan.perSeat && (
              <p className={`${styles.small} ${styles.muted}`}>
                One seat for each member and pending invitation of {tenant.name}. Add or remove seats later on the billing page.
              </p>
            )}
            <ul className={`${styles.features} ${styles.small}`} style={{ marginTop: 16 }}>
              {plan.features.map((feature) => (
                <li key={feature}>{feature}</li>
              ))}
            </ul>
            <p className={`${styles.small} ${styles.muted}`}>
              Renews every {plan.interval} until you cancel. <Link href="/pricing">Choose another plan</Link>
            </p>
          </section>
          <section className={styles.card} aria-labelledby="payment-title">
            <h2 className={styles.cardTitle} id="payment-title">
              Payment
            </h2>
            <noscript>
              <p className={styles.muted}>Card entry needs JavaScript. You can pay on Stripe&apos;s secure checkout page instead.</p>
            </noscript>
            <CheckoutForm
              planKey={plan.key}
              publicKey={env.STRIPE_PUBLIC_KEY ?? ""}
              currency={plan.currency}
              collectAddress={collectAddress}
              detailsOnFile={detailsOnFile}
              promotionCode={promotion?.code}
              alternative={
                env.CHECKOUT_HOSTED_ENABLED ? <HostedCheckoutButton planKey={plan.key} promotionCode={promotion?.code} /> : undefined
              }
            />
          </section>
        </div>
      </CheckoutQuoteProvider>
    </>
  );
}
