import type Stripe from "stripe";

/** The tax on a Stripe invoice or preview, as the tenant sees it: one amount, and whether it is reverse-charged. */
export interface TaxSummary {
  amount: number;
  reverseCharge: boolean;
}

/**
 * Null when Stripe computed no tax (automatic tax off, or no billing address to locate the customer yet): the tax
 * line is then not shown.
 */
export function taxSummary(invoice: Pick<Stripe.Invoice, "total_taxes" | "automatic_tax">): TaxSummary | null {
  const taxes = invoice.total_taxes ?? [];
  if (taxes.length === 0 || invoice.automatic_tax?.status === "requires_location_inputs") return null;
  return {
    amount: taxes.reduce((sum, t) => sum + t.amount, 0),
    reverseCharge: taxes.some((t) => t.taxability_reason === "reverse_charge"),
  };
}
