import "server-only";
import type Stripe from "stripe";
import { AppError } from "@/lib/errors";
import { getStripe } from "./client";
import { isInvalidRequest, stripeCall, toBillingError } from "./stripe-errors";

// A customer's tax IDs: Stripe validates the value (format, then the registry's verification).

// The kind of number the billing country asks for, in the words on the tenant's paperwork: a US address refusing
// "DE123456789" must say it wanted an EIN, not hint at a country prefix.
const TAX_ID_NAMES: Partial<Record<Stripe.TaxIdCreateParams.Type, string>> = {
  eu_vat: "an EU VAT number",
  gb_vat: "a UK VAT number",
  ch_vat: "a Swiss VAT number",
  no_vat: "a Norwegian VAT number",
  au_abn: "an Australian ABN",
  nz_gst: "a New Zealand GST number",
  ca_bn: "a Canadian business number",
  us_ein: "a US EIN",
};

/** Adds a tax ID; Stripe's refusal of a malformed value becomes a 400 the tenant can act on, and nothing is stored. */
export async function createCustomerTaxId(input: { customerId: string; type: Stripe.TaxIdCreateParams.Type; value: string; requestId: string }): Promise<Stripe.TaxId> {
  try {
    return await getStripe().customers.createTaxId(
      input.customerId,
      { type: input.type, value: input.value },
      { idempotencyKey: `tax-id:${input.customerId}:${input.requestId}:${input.type}:${input.value}` },
    );
  } catch (error) {
    throw toTaxIdError(error, input);
  }
}

/**
 * Stripe's refusal of a malformed tax ID (adding it, or previewing an invoice with it) as a 400 naming the field,
 * in words the tenant can act on; any other failure as toBillingError maps it.
 */
export function toTaxIdError(error: unknown, taxId: { type: Stripe.TaxIdCreateParams.Type; value: string }): unknown {
  if (isInvalidRequest(error, [400]) && (error as { code?: string }).code === "tax_id_invalid") {
    const message = `Stripe did not accept “${taxId.value}” as ${TAX_ID_NAMES[taxId.type] ?? "a tax ID"}. Check the number${taxId.type === "eu_vat" ? " and its country prefix" : ""}, and the billing country.`;
    return new AppError("invalid_input", message, { fieldErrors: { taxId: [message] }, cause: error });
  }
  return toBillingError(error);
}

export function listCustomerTaxIds(customerId: string): Promise<Stripe.ApiList<Stripe.TaxId>> {
  return stripeCall(() => getStripe().customers.listTaxIds(customerId, { limit: 25 }));
}

/** Removing a tax ID that is already gone counts as done. */
export async function deleteCustomerTaxId(customerId: string, taxId: string): Promise<void> {
  try {
    await getStripe().customers.deleteTaxId(customerId, taxId);
  } catch (error) {
    if (isInvalidRequest(error, [404])) return;
    throw toBillingError(error);
  }
}
