// GET /pricing — the active plans from the database; the tenant's current plan is marked.
// @access public — guests see the plans too.
import type { Metadata } from "next";
import Link from "next/link";
import { PlanCard } from "@/components/billing/plan-card";
import styles from "@/components/billing/billing.module.css";
import { getCurrentUser } from "@/lib/auth/guards";
import { getBillingOverview } from "@/lib/billing/get-billing-overview";
import { getOptionalTenantContext } from "@/lib/auth/get-optional-tenant-context";
import { listActivePlans } from "@/lib/plans/get-plan";

export const metadata: Metadata = { title: "Pricing" };

export default async function PricingPage({ searchParams }: { searchParams: Promise<{ interval?: string; canceled?: string }> }) {
  const params = await searchParams;
  const interval = params.interval === "year" ? "year" : "month";
  const [plans, context, user] = await Promise.all([listActivePlans(), getOptionalTenantContext(), getCurrentUser()]);
  const overview = context ? await getBillingOverview(context.tenant.id) : null;
  const currentKey = overview?.hasHeldSubscription ? overview.plan?.key ?? null : null;
  // Someone signed in without a tenant (a platform admin) has nothing to subscribe: a checkout link would be a 404.
  const canSubscribe = context ? context.role === "owner" || context.role === "billing" : !user;
  const shown = plans.filter((plan) => plan.interval === interval);

  return (
    <>
      <h1 className={styles.pageTitle}>Plans and pricing</h1>
      <p className={styles.lead}>Prices in US dollars, billed in advance. Upgrade, downgrade or cancel at any time.</p>
      {params.canceled && (
        <div className={`${styles.banner} ${styles.bannerInfo}`} role="status">
          Checkout was canceled — nothing was charged.
        </div>
      )}
      <nav className={styles.switch} aria-label="Billing interval">
        <Link href="/pricing?interval=month" aria-current={interval === "month"} scroll={false}>
          Monthly
        </Link>
        <Link href="/pricing?interval=year" aria-current={interval === "year"} scroll={false}>
          Yearly · 2 months free
        </Link>
      </nav>
      {shown.length === 0 ? (
        <p className={styles.muted}>No plans are available right now.</p>
      ) : (
        <div className={styles.plans}>
          {shown.map((plan) => {
            const current = plan.key === currentKey;
            return (
              <PlanCard
                key={plan.key}
                planKey={plan.key}
                name={plan.name}
                description={plan.description}
                amount={plan.amount}
                currency={plan.currency}
                interval={plan.interval}
                perSeat={plan.perSeat}
                features={plan.features}
                current={current}
              >
                {current ? (
                  <Link href="/billing" className={`${styles.buttonSecondary} ${styles.block}`}>
                    Manage billing
                  </Link>
                ) : !canSubscribe ? (
                  <p className={`${styles.small} ${styles.muted}`} style={{ margin: 0 }}>
                    {context ? "Ask an owner or billing admin of your workspace to change plans." : "Plans are chosen by each tenant's owner."}
                  </p>
                ) : currentKey ? (
                  <Link href={`/billing?change=${plan.key}#change-plan`} className={`${styles.buttonSecondary} ${styles.block}`}>
                    Switch to {plan.name}
                  </Link>
                ) : (
                  <>
                    <Link
                      href={context ? `/checkout/${plan.key}` : `/signup?callbackUrl=${encodeURIComponent(`/checkout/${plan.key}`)}`}
                      className={`${styles.button} ${styles.block}`}
                      data-testid={`subscribe-${plan.key}`}
                    >
                      {context ? `Subscribe to ${plan.name}` : `Get started with ${plan.name}`}
                    </Link>
                    {plan.trialDays > 0 && (
                      <p className={`${styles.small} ${styles.muted}`} style={{ margin: "10px 0 0", textAlign: "center" }}>
                        <Link href={context ? `/checkout/${plan.key}/trial` : `/signup?callbackUrl=${encodeURIComponent(`/checkout/${plan.key}/trial`)}`}>
                          Or try it free for {plan.trialDays} days
                        </Link>
                      </p>
                    )}
                  </>
                )}
              </PlanCard>
            );
          })}
        </div>
      )}
      {!user && (
        <p className={`${styles.small} ${styles.muted}`} style={{ marginTop: 24 }}>
          Already have an account? <Link href="/signin?callbackUrl=%2Fpricing">Sign in</Link> to see your current plan.
        </p>
      )}
    </>
  );
}
