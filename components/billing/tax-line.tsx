import styles from "@/components/billing/billing.module.css";
import { formatMoney } from "@/lib/format/money";
import type { TaxSummary } from "@/lib/stripe/tax-summary";

/** One summary row for tax: the amount, or the reverse-charge note a business customer's invoice carries. */
export function TaxLine({ tax, currency }: { tax: TaxSummary | null; currency: string }) {
  if (!tax) return null;
  return (
    <div className={styles.summary} data-testid="tax-line" data-amount={tax.amount} data-reverse-charge={tax.reverseCharge}>
      <span>{tax.reverseCharge ? "VAT: reverse charge (the customer accounts for it)" : "Tax"}</span>
      <span>{formatMoney(tax.amount, currency)}</span>
    </div>
  );
}

/**
 * The summary's tax row when Stripe Tax is on but the tenant has no billing address: no estimate is possible, and
 * the total must not look as if tax had been worked out as nothing. The checkout asks for the address beside the
 * card (no `billingDetailsHref`); elsewhere the row links to the Billing details card.
 */
export function TaxNeedsAddressLine({ billingDetailsHref }: { billingDetailsHref?: string }) {
  return (
    <div className={styles.summary} data-testid="tax-needs-address">
      {billingDetailsHref ? (
        <span>
          Tax: not estimated yet, as there is no billing address on file, and none is charged until there is one.{" "}
          <a href={billingDetailsHref}>Add your billing address</a> to see any tax before you pay.
        </span>
      ) : (
        <span>Tax: worked out from the billing address you enter with your card.</span>
      )}
      <span className={styles.muted}>—</span>
    </div>
  );
}

/** The invoice list's tax cell: the amount, "Reverse charge", or a dash when no tax was computed. */
export function InvoiceTaxCell({ tax, currency }: { tax: TaxSummary | null; currency: string }) {
  return (
    <td className={styles.num} data-testid="invoice-tax" data-amount={tax?.amount ?? ""} data-reverse-charge={tax?.reverseCharge ?? false}>
      {!tax ? "—" : tax.reverseCharge ? "Reverse charge" : formatMoney(tax.amount, currency)}
    </td>
  );
}
