import styles from "./billing.module.css";

/**
 * A plain GET form (works without JavaScript): the code goes into the page's URL, the server checks it against
 * Stripe and renders the discount or the reason it cannot be used.
 */
export function PromotionCodeField({ action, value, error, applied }: { action: string; value: string; error?: string; applied: boolean }) {
  return (
    <form method="get" action={action} className={styles.field} style={{ marginTop: 12 }} aria-describedby="promotion-code-error">
      <label htmlFor="promotion-code">Promotion code</label>
      <div className={styles.row}>
        <input
          id="promotion-code"
          name="code"
          className={styles.input}
          defaultValue={value}
          autoComplete="off"
          autoCapitalize="characters"
          maxLength={64}
          aria-invalid={error ? true : undefined}
          data-testid="promotion-code-input"
        />
        <button type="submit" className={styles.buttonSecondary} data-testid="promotion-code-apply">
          {applied ? "Change" : "Apply"}
        </button>
      </div>
      <div id="promotion-code-error" aria-live="polite">
        {error && (
          <p className={styles.error} role="alert" data-testid="promotion-code-error">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}
