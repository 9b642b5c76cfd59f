import { formatCardBrand } from "@/lib/format/card-brand";
import styles from "./billing.module.css";

export interface PaymentMethodSummaryProps {
  paymentMethod: { brand: string; last4: string; expMonth: number; expYear: number } | null;
}

export function PaymentMethodSummary({ paymentMethod }: PaymentMethodSummaryProps) {
  if (!paymentMethod) return <p className={styles.muted}>No card on file.</p>;
  const brand = formatCardBrand(paymentMethod.brand);
  return (
    <p style={{ margin: 0 }} data-testid="payment-method">
      <strong>{brand}</strong> ending in {paymentMethod.last4}
      <span className={styles.muted}>
        {" "}
        · expires {String(paymentMethod.expMonth).padStart(2, "0")}/{paymentMethod.expYear}
      </span>
    </p>
  );
}
