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

/** The invoice list's tax cell: the amount, "Reverse charge", or a dash when no tax was computed. */
export function InvoiceTaxCell({ tax, currency }: { tax: TaxSummary | null; currency: string }) {
  return (
    <td className={styles.num} data-testid="invoice-tax" data-amount={tax?.amount ?? ""} data-reverse-charge={tax?.reverseCharge ?? false}>
      {!tax ? "—" : tax.reverseCharge ? "Reverse charge" : formatMoney(tax.amount, currency)}
    </td>
  );
}
