// GET /billing — the tenant's plan, status in plain words, payment method, invoices and the actions on them.
// Everything shown comes from rows the webhooks wrote, except the next charge and credit balance, which only
// Stripe knows; members see it read-only (actions are also refused server-side).
import type { Metadata } from "next";
import Link from "next/link";
import { randomUUID } from "node:crypto";
import styles from "@/components/billing/billing.module.css";
import { BillingDashboard } from "@/components/billing/billing-dashboard";
import { requireTenantRole } from "@/lib/auth/guards";
import { formatCardBrand } from "@/lib/format/card-brand";
import { formatMoney } from "@/lib/format/money";
import { getBillingDashboard } from "@/lib/billing/get-billing-dashboard";
import { getBillingDetails } from "@/lib/billing/billing-details";
import { getBillingEmailSettings } from "@/lib/billing/billing-email-settings";
import { getEnv } from "@/lib/env";
import { listActivePlans } from "@/lib/plans/get-plan";
import { getSeatSummary } from "@/lib/team/seats";
import { BillingDetailsForm } from "./billing-details-form";
import { BillingEmailsForm } from "./billing-emails-form";
import { CancelPanel, ResumeForm } from "./cancel-panel";
import { ChangePlanPanel } from "./change-plan-panel";
import { PortalButton } from "./portal-button";
import { ResumePausedPanel } from "./resume-paused-panel";
import { SeatsPanel } from "./seats-panel";
import { UpdatePaymentMethod } from "./update-payment-method";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage({ searchParams }: { searchParams: Promise<{ change?: string }> }) {
  const { tenant, role } = await requireTenantRole();
  const { change } = await searchParams;
  const canManage = role === "owner" || role === "billing";
  const [{ overview, paymentMethod, invoices, upcoming }, plans, emailSettings, seats, billingDetails] = await Promise.all([
    getBillingDashboard(tenant.id),
    listActivePlans(),
    canManage ? getBillingEmailSettings(tenant.id) : null,
    getSeatSummary(tenant.id),
    canManage ? getBillingDetails(tenant.id) : null,
  ]);
  const env = getEnv();
  const sub = overview.subscription;
  const held = overview.hasHeldSubscription;
  // A trial that ended without a card: the way out is a card and a resume (its panel is the plan card's action).
  const paused = sub?.status === "paused";

  return (
    <>
      <h1 className={styles.pageTitle}>Billing</h1>
      <p className={styles.lead}>Plan, payment method and invoices for {tenant.name}.</p>
      {!canManage && (
        <div className={`${styles.banner} ${styles.bannerInfo}`} role="note" data-testid="read-only-notice">
          You have read-only access to billing. Owners and billing admins can change the plan or payment method.
        </div>
      )}
      <BillingDashboard
        overview={overview}
        paymentMethod={paymentMethod}
        invoices={invoices}
        upcoming={upcoming}
        footer={
          emailSettings && (
            <section className={styles.card} aria-labelledby="billing-emails-title">
              <h2 className={styles.cardTitle} id="billing-emails-title">
                Billing emails
              </h2>
              <BillingEmailsForm settings={emailSettings.settings} ownerEmail={emailSettings.ownerEmail} />
            </section>
          )
        }
        remedy={canManage ? <a href="#payment-method">Update your payment method</a> : "Ask an owner to update the payment method"}
        planActions={
          canManage && (!held || paused || overview.canResume || (env.BILLING_PORTAL_ENABLED && sub)) ? (
            <>
              {paused && sub && overview.plan && (
                <ResumePausedPanel
                  requestId={randomUUID()}
                  subscriptionId={sub.id}
                  publicKey={env.STRIPE_PUBLIC_KEY ?? ""}
                  cardOnFile={paymentMethod ? `${formatCardBrand(paymentMethod.brand)} •••• ${paymentMethod.last4}` : null}
                  charge={`${formatMoney(overview.plan.amount, overview.plan.currency)}${env.STRIPE_TAX_ENABLED ? " plus any tax" : ""}`}
                />
              )}
              {!held && (
                <Link href="/pricing" className={styles.button}>
                  Choose a plan
                </Link>
              )}
              {held && overview.canResume && <ResumeForm requestId={randomUUID()} />}
              {env.BILLING_PORTAL_ENABLED && sub && <PortalButton requestId={randomUUID()} />}
            </>
          ) : null
        }
        paymentActions={canManage && sub ? <UpdatePaymentMethod requestId={randomUUID()} publicKey={env.STRIPE_PUBLIC_KEY ?? ""} /> : null}
      >
        {held && seats && (
          <section className={styles.card} aria-labelledby="seats-title" id="seats">
            <h2 className={styles.cardTitle} id="seats-title">
              Seats
            </h2>
            {canManage ? (
              <SeatsPanel paid={seats.paid} used={seats.used} />
            ) : (
              <p style={{ margin: 0 }} data-testid="seats-summary" data-paid={seats.paid} data-used={seats.used}>
                Seats: <strong>{seats.paid}</strong> paid, {seats.used} in use. An owner or billing admin can add seats.
              </p>
            )}
          </section>
        )}

        {billingDetails && (
          <section className={styles.card} aria-labelledby="billing-details-title" id="billing-details">
            <h2 className={styles.cardTitle} id="billing-details-title">
              Billing details
            </h2>
            <BillingDetailsForm details={billingDetails} publicKey={env.STRIPE_PUBLIC_KEY ?? ""} requestId={randomUUID()} />
          </section>
        )}

        {/* Not while paused: Stripe creates no invoice for a paused subscription, so a change would bill nothing until
            it resumes, and the resume already starts a new period at the current plan. Resume first, then change. */}
        {held && canManage && sub?.status !== "canceled" && !paused && overview.plan && (
          <section className={styles.card} aria-labelledby="change-title" id="change-plan">
            <h2 className={styles.cardTitle} id="change-title">
              Change plan
            </h2>
            <ChangePlanPanel
              currentKey={overview.plan.key}
              initialKey={change ?? null}
              plans={plans
                .filter((p) => p.key !== overview.plan?.key)
                .map((p) => ({ key: p.key, label: `${p.name} — ${formatMoney(p.amount, p.currency)} / ${p.interval}` }))}
            />
          </section>
        )}

        {held && canManage && sub && !sub.cancelAtPeriodEnd && !sub.cancelAt && (
          <section className={styles.card} aria-labelledby="cancel-title">
            <h2 className={styles.cardTitle} id="cancel-title">
              Cancel subscription
            </h2>
            <CancelPanel requestId={randomUUID()} periodEnd={sub.currentPeriodEnd?.toISOString() ?? null} planName={overview.plan?.name ?? null} paused={paused} />
          </section>
        )}
      </BillingDashboard>
    </>
  );
}
