import styles from "@/components/billing/billing.module.css";

/**
 * The VAT / GST number input of the Billing details card and the checkout: one field, one hint, so both ask for the
 * number the same way (the type Stripe gets follows the billing country, on the server). No maxLength: a pasted
 * number that is too long is refused in words naming the limit, not silently cut to a different number.
 */
export function TaxIdField({ id, label, value, onChange, hint = "", testId }: { id: string; label: string; value: string; onChange: (value: string) => void; hint?: string; testId: string }) {
  return (
    <div className={styles.field} style={{ marginTop: 12 }}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name="taxId"
        className={styles.input}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        aria-describedby={`${id}-hint`}
        data-testid={testId}
      />
      <span id={`${id}-hint`} className={`${styles.small} ${styles.muted}`}>
        {hint}EU VAT numbers start with the country code, for example DE123456789.
      </span>
    </div>
  );
}
