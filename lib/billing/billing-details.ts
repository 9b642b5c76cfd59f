import "server-only";
import type Stripe from "stripe";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { createCustomerTaxId, deleteCustomerTaxId, listCustomerTaxIds } from "@/lib/stripe/customer-tax-ids";
import { retrieveCustomer } from "@/lib/stripe/retrieve-customer";
import { updateCustomerBillingDetails } from "@/lib/stripe/update-customer-billing-details";
import { enableSubscriptionTax } from "@/lib/stripe/enable-subscription-tax";
import { listCustomerSubscriptions } from "@/lib/stripe/list-customer-subscriptions";
import { getEnv } from "@/lib/env";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { auditTenantAction, type TenantAuditAction } from "./audit-tenant-action";
import { ensureStripeCustomer, type BillingTenant } from "./ensure-stripe-customer";

// Billing name, address and tax ID: kept on the Stripe customer only (Stripe Tax and the invoices read them there),
// so there is no copy of ours to drift.

const EU = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"];

/** The tax ID type a business in this country gives: the one the billing form asks for. */
export function taxIdTypeFor(country: string): Stripe.TaxIdCreateParams.Type | null {
  if (EU.includes(country)) return "eu_vat";
  const byCountry: Record<string, Stripe.TaxIdCreateParams.Type> = { GB: "gb_vat", AU: "au_abn", CH: "ch_vat", NO: "no_vat", NZ: "nz_gst", CA: "ca_bn", US: "us_ein" };
  return byCountry[country] ?? null;
}

// Each message names its field: the address fields live in Stripe's Element, so the form cannot highlight them.
const text = (max: number, field: string) => z.string().trim().max(max, `Keep the ${field} under ${max} characters.`);
// A real ISO 3166 region: Stripe refuses a made-up code, and tax is looked up by it.
const regionNames = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
// Groupings with a name (EU, UN, Outlying Oceania) are not places an address can be.
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "ZZ"]);
const isKnownCountry = (code: string) => /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) && regionNames.of(code) !== undefined;

/** The billing name and address as the Address Element gives them (the Billing details card and the checkout). */
export const billingAddressSchema = z.object({
  name: text(200, "billing name").min(1, "Enter the billing name."),
  address: z.object({
    line1: text(200, "address").min(1, "Enter the address."),
    line2: text(200, "second address line").nullable().transform((v) => v || null),
    city: text(100, "city").min(1, "Enter the city."),
    state: text(100, "state or province").nullable().transform((v) => v || null),
    postal_code: text(20, "postal code").min(1, "Enter the postal code."),
    country: z.string().refine(isKnownCountry, "Choose a country."),
  }),
});
export type BillingAddressInput = z.output<typeof billingAddressSchema>;

/** A VAT / GST number as typed: spaces dropped, upper case (Stripe's own normal form). */
export const taxIdSchema = text(40, "VAT / GST number").transform((v) => v.replace(/\s+/g, "").toUpperCase());

export const billingDetailsSchema = billingAddressSchema.extend({
  requestId: z.string().uuid("Reload the page and try again."),
  taxId: taxIdSchema,
});
export type BillingDetailsInput = z.output<typeof billingDetailsSchema>;

export interface BillingDetails {
  name: string | null;
  address: Stripe.Address | null;
  taxIds: { id: string; type: string; value: string; status: string | null }[];
}

/** What the tenant's Stripe customer holds; empty before the first checkout created it. */
export async function getBillingDetails(tenantId: string): Promise<BillingDetails> {
  const row = await getDb().tenant.findUnique({ where: { id: tenantId }, select: { stripeCustomerId: true } });
  if (!row?.stripeCustomerId) return { name: null, address: null, taxIds: [] };
  const [customer, taxIds] = await Promise.all([retrieveCustomer(row.stripeCustomerId), listCustomerTaxIds(row.stripeCustomerId)]);
  if ("deleted" in customer && customer.deleted) return { name: null, address: null, taxIds: [] };
  return {
    name: customer.name ?? null,
    address: customer.address ?? null,
    taxIds: taxIds.data.map((t) => ({ id: t.id, type: t.type, value: t.value, status: t.verification?.status ?? null })),
  };
}

/** The billing address on file, on one line, and its tax ID (the checkout shows them); null before there is an address. */
export async function getBillingDetailsOnFile(tenantId: string): Promise<{ address: string; taxId: string | null } | null> {
  const details = await getBillingDetails(tenantId);
  const address = addressLine(details.address);
  return address ? { address, taxId: details.taxIds[0]?.value ?? null } : null;
}

const NO_TAX_ID = "Tax IDs are not collected for this country.";

/**
 * The tax ID as Stripe takes it (saved on the customer, or in a checkout's preview): its type follows the billing
 * country, as the form asks for it; a country without one is a 400 naming the field.
 */
export function taxIdFor(country: string, value: string): { type: Stripe.TaxIdCreateParams.Type; value: string } {
  const type = taxIdTypeFor(country);
  if (!type) throw new AppError("invalid_input", NO_TAX_ID, { fieldErrors: { taxId: [NO_TAX_ID] } });
  return { type, value };
}

/**
 * With the address saved, Stripe Tax can locate the customer: a subscription that began without one (the app does
 * not ask Stripe for automatic tax it would refuse) is taxed from its next invoice.
 */
async function taxUntaxedSubscriptions(customerId: string, requestId: string): Promise<void> {
  if (!getEnv().STRIPE_TAX_ENABLED) return;
  const subs = await listCustomerSubscriptions(customerId);
  for (const sub of subs) {
    if (sub.status === "canceled" || sub.status === "incomplete_expired" || sub.automatic_tax.enabled) continue;
    await enableSubscriptionTax(sub.id, requestId);
  }
}

/**
 * Saves the form. The tax ID goes first: Stripe validates it, and a refused one (a clear 400) leaves the customer
 * exactly as it was. Then the address, then the replaced tax IDs are removed (one tax ID per tenant). Once Stripe has
 * it all, one audit row per change (name/address, tax ID added, tax ID removed) names the user and what changed.
 */
export async function saveBillingDetails(
  tenant: BillingTenant,
  // taxId undefined: the address alone (the checkout's), the tax IDs on file left as they are.
  input: Omit<BillingDetailsInput, "taxId"> & { taxId: string | undefined },
  by: { userId: string; email?: string },
): Promise<BillingDetails> {
  const type = input.taxId ? taxIdFor(input.address.country, input.taxId).type : null;
  // Saved before the first checkout, this creates the customer: with the email, as checkout would (Stripe's
  // receipts and invoices go to it, and checkout reuses the customer without setting it again).
  const customerId = await ensureStripeCustomer(tenant, { email: by.email });
  const [existing, customer] = await Promise.all([listCustomerTaxIds(customerId).then((l) => l.data), retrieveCustomer(customerId)]);
  let kept = existing.find((t) => t.value === input.taxId && t.type === type);
  const added = input.taxId && type && !kept ? await createCustomerTaxId({ customerId, type, value: input.taxId, requestId: input.requestId }) : null;
  kept = kept ?? added ?? undefined;
  await updateCustomerBillingDetails({ customerId, name: input.name, address: input.address, requestId: input.requestId });
  const removed = input.taxId === undefined ? [] : existing.filter((old) => old.id !== kept?.id);
  for (const old of removed) await deleteCustomerTaxId(customerId, old.id);
  await taxUntaxedSubscriptions(customerId, input.requestId);

  const audit = (action: TenantAuditAction, key: string, before: Prisma.InputJsonObject | null, after: Prisma.InputJsonObject) =>
    auditTenantAction({ tenantId: tenant.id, userId: by.userId, action, key: `billing-details:${input.requestId}:${key}`, before, after });
  const was = "deleted" in customer ? { name: null, address: null } : { name: customer.name ?? null, address: addressLine(customer.address ?? null) };
  const now = { name: input.name, address: addressLine(input.address) };
  if (was.name !== now.name || was.address !== now.address) await audit("tenant.billing_address_change", "address", was, now);
  if (added) await audit("tenant.tax_id_add", `add:${added.id}`, null, taxIdFacts(added));
  for (const old of removed) await audit("tenant.tax_id_remove", `remove:${old.id}`, taxIdFacts(old), {});
  return getBillingDetails(tenant.id);
}

/** An address on one line, as the audit row keeps it and the checkout shows it: "Unter den Linden 1, 10117 Berlin, DE". */
function addressLine(address: { line1?: string | null; line2?: string | null; postal_code?: string | null; city?: string | null; state?: string | null; country?: string | null } | null): string | null {
  if (!address?.line1) return null;
  const town = [address.postal_code, address.city].filter(Boolean).join(" ");
  return [address.line1, address.line2, town, address.state, address.country].filter(Boolean).join(", ");
}

function taxIdFacts(taxId: Stripe.TaxId): Prisma.InputJsonObject {
  return { type: taxId.type, value: taxId.value, stripeTaxId: taxId.id };
}
