import styles from "./billing.module.css";
import { formatMoney } from "@/lib/format/money";

/** One order-summary or preview line for a promotion code's discount ("LAUNCH20 — 20% off the first invoice  −$5.80"). */
export function DiscountLine({ code, description, amount, currency }: { code: string; description: string; amount: number; currency: string }) {
  return (
    <div className={styles.summary} data-testid="discount-line" data-amount={amount}>
      <span>
        Promotion code <strong>{code}</strong> ({description})
      </span>
      <span style={{ whiteSpace: "nowrap" }}>{formatMoney(-amount, currency)}</span>
    </div>
  );
}
