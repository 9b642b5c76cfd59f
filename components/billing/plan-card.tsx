import type { ReactNode } from "react";
import { formatMoney } from "@/lib/format/money";
import styles from "./billing.module.css";

export interface PlanCardProps {
  planKey: string;
  name: string;
  description: string;
  amount: number;
  currency: string;
  interval: "month" | "year";
  /** Priced per seat: the amount is one seat's. */
  perSeat?: boolean;
  features: readonly string[];
  current: boolean;
  /** The call to action: a link or a form, decided by the page. */
  children: ReactNode;
}

export function PlanCard({ planKey, name, description, amount, currency, interval, perSeat, features, current, children }: PlanCardProps) {
  return (
    <article
      className={`${styles.card} ${styles.plan} ${current ? styles.planCurrent : ""}`}
      data-testid={`plan-${planKey}`}
      aria-labelledby={`plan-${planKey}-name`}
    >
      {current && <span className={styles.ribbon}>Current plan</span>}
      <h2 className={styles.planName} id={`plan-${planKey}-name`}>
        {name}
      </h2>
      <p className={`${styles.muted} ${styles.small}`} style={{ margin: 0 }}>
        {description}
      </p>
      <div className={styles.price}>
        {formatMoney(amount, currency)} <span className={styles.per}>{perSeat ? `/ seat / ${interval}` : `/ ${interval}`}</span>
      </div>
      {interval === "year" && (
        <p className={`${styles.small} ${styles.muted}`} style={{ margin: 0 }}>
          {formatMoney(Math.round(amount / 12), currency)} per month, billed yearly
        </p>
      )}
      <ul className={styles.features}>
        {features.map((feature) => (
          <li key={feature}>{feature}</li>
        ))}
      </ul>
      {children}
    </article>
  );
}
