// How an invoice's amount reads in a list. An invoice with a negative total (a downgrade or a billing switch that
// credited more than it charged) took no payment: Stripe moved the difference to the customer's credit balance. It
// reads as a credit, never as "−$1,471.00 paid".
import { formatMoney } from "./money";

export function describeInvoiceAmount(invoice: { total: number; currency: string; status: string }): {
  amount: string;
  status: string;
  isCredit: boolean;
} {
  if (invoice.total < 0) {
    return {
      amount: `Credit ${formatMoney(-invoice.total, invoice.currency)}`,
      status: invoice.status === "paid" ? "credited" : invoice.status,
      isCredit: true,
    };
  }
  return { amount: formatMoney(invoice.total, invoice.currency), status: invoice.status, isCredit: false };
}
