import { formatMoney } from "@/lib/format/money";
import styles from "./billing.module.css";

/** Under an invoice's amount: what promotion codes took off it. */
export function InvoiceDiscountNote({ amount, currency }: { amount: number; currency: string }) {
  return (
    <div className={styles.small} data-testid="invoice-discount">
      Discount {formatMoney(-amount, currency)}
    </div>
  );
}
