import { formatDate } from "@/lib/format/dates";
import { describeInvoiceAmount } from "@/lib/format/invoice-amount";
import { formatMoney } from "@/lib/format/money";
import styles from "./billing.module.css";
import { InvoiceTaxCell } from "./tax-line";
import type { TaxSummary } from "@/lib/stripe/tax-summary";
import { InvoiceDiscountNote } from "./invoice-discount-note";

export interface InvoiceRow {
  id: string;
  number?: string | null;
  date: Date;
  total: number;
  /** Tax included in total (a column shown once any invoice has one). */
  tax?: TaxSummary | null;
  amountPaid: number;
  amountDue: number;
  /** Taken off by a promotion code (already out of `total`). */
  discountAmount?: number;
  currency: string;
  status: string;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
  /** Refunds of this invoice's payments, oldest first. */
  refunds?: readonly { amount: number; date: Date }[];
}

const STATUS_TONE: Record<string, string> = {
  paid: "tone-success",
  credited: "tone-success",
  open: "tone-warning",
  void: "tone-neutral",
  uncollectible: "tone-danger",
  draft: "tone-neutral",
};

export function InvoiceTable({ invoices }: { invoices: readonly InvoiceRow[] }) {
  if (invoices.length === 0) return <p className={styles.muted}>No invoices yet.</p>;
  // A column of $0.00 where Stripe collects no tax (a US state outside the registrations) says nothing: it appears
  // once some invoice was charged tax or reverse-charged.
  const taxed = invoices.some((i) => i.tax && (i.tax.amount !== 0 || i.tax.reverseCharge));
  return (
    <table className={styles.table} data-testid="invoices">
      <thead>
        <tr>
          <th scope="col">Invoice</th>
          <th scope="col" className={styles.num}>
            Amount
          </th>
          {taxed && (
            <th scope="col" className={styles.num}>
              Tax
            </th>
          )}
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {invoices.map((invoice) => {
          const described = describeInvoiceAmount(invoice);
          return (
            <tr key={invoice.id} data-testid="invoice-row" data-invoice-id={invoice.id}>
              {/* The links sit under the invoice they open rather than in a column of their own: at 390 px a fifth
                  column pushed the fullest row (tax, a refund, two badges) past the card. */}
              <td>
                <span data-testid="invoice-number">{invoice.number ?? "Draft"}</span>
                <div className={styles.small}>{formatDate(invoice.date)}</div>
                {(invoice.hostedInvoiceUrl || invoice.invoicePdf) && (
                  <div className={`${styles.small} ${styles.links}`}>
                    {invoice.hostedInvoiceUrl && (
                      <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer">
                        View
                      </a>
                    )}
                    {invoice.invoicePdf && (
                      <a href={invoice.invoicePdf} target="_blank" rel="noreferrer">
                        PDF
                      </a>
                    )}
                  </div>
                )}
              </td>
              <td className={styles.num}>
                <span data-testid="invoice-amount">{described.amount}</span>
                {!described.isCredit && invoice.amountPaid > 0 && invoice.amountPaid !== invoice.total && (
                  <div className={styles.small} data-testid="invoice-paid">
                    Paid {formatMoney(invoice.amountPaid, invoice.currency)}
                  </div>
                )}
                {(invoice.discountAmount ?? 0) > 0 && <InvoiceDiscountNote amount={invoice.discountAmount ?? 0} currency={invoice.currency} />}
                {invoice.refunds?.map((refund, i) => (
                  <div key={i} className={styles.small} data-testid="invoice-refund">
                    Refunded {formatMoney(refund.amount, invoice.currency)} on {formatDate(refund.date)}
                  </div>
                ))}
              </td>
              {taxed && <InvoiceTaxCell tax={invoice.tax ?? null} currency={invoice.currency} />}
              <td>
                <span className={`${styles.badge} ${styles[STATUS_TONE[described.status] ?? "tone-neutral"]}`} data-testid="invoice-status">
                  {described.status}
                </span>
                {refundWord(invoice) && (
                  <span className={`${styles.badge} ${styles["tone-neutral"]}`} data-testid="invoice-refund-status" style={{ marginLeft: 6 }}>
                    {refundWord(invoice)}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function refundWord(invoice: InvoiceRow): string | null {
  const refunded = (invoice.refunds ?? []).reduce((sum, r) => sum + r.amount, 0);
  if (refunded <= 0) return null;
  return refunded >= invoice.amountPaid ? "refunded" : "partly refunded";
}
