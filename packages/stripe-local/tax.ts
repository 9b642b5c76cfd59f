// Stripe Tax, as a small deterministic stand-in: a documented rate table by the customer's billing address,
// EU/UK B2B reverse charge for a customer with a valid VAT number, and the tax ID formats and test-mode
// verification rule. The README's "Tax" section is the human-readable copy of these tables.

import { invalidRequest } from "./errors";
import type { Address, Customer, TaxAmount, TaxId } from "./types";

/** The emulated account's origin country (invoices say `account_country: "US"`). */
export const SELLER_COUNTRY = "US";

export interface TaxRate {
  /** Percentage, e.g. 20 for 20 %. */
  percentage: number;
  display: string;
}

/** Keyed by ISO country, or `US-<state>` for US states. Anything not listed is not collected (0, `not_collecting`). */
export const RATE_TABLE: Readonly<Record<string, TaxRate>> = {
  "US-CA": { percentage: 7.25, display: "Sales Tax" },
  "US-NY": { percentage: 4, display: "Sales Tax" },
  GB: { percentage: 20, display: "VAT" },
  DE: { percentage: 19, display: "VAT" },
  FR: { percentage: 20, display: "VAT" },
  IE: { percentage: 23, display: "VAT" },
  NL: { percentage: 21, display: "VAT" },
  AU: { percentage: 10, display: "GST" },
};

export const EU_COUNTRIES: ReadonlySet<string> = new Set([
  "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV",
  "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
]);

/** VAT prefixes that are not the ISO code: Greece files as EL, Northern Ireland as XI. */
const VAT_PREFIX_COUNTRY: Readonly<Record<string, string>> = { EL: "GR", XI: "GB" };

interface TaxIdFormat {
  pattern: RegExp;
  /** The tax ID's country: fixed, or read from the value's prefix. */
  country: string | ((value: string) => string);
}

/** The tax ID types the emulator accepts, with a format check of the kind Stripe applies (spaces are ignored). */
export const TAX_ID_FORMATS: Readonly<Record<string, TaxIdFormat>> = {
  eu_vat: {
    pattern: /^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)[0-9A-Z]{8,12}$/,
    country: (v) => VAT_PREFIX_COUNTRY[v.slice(0, 2)] ?? v.slice(0, 2),
  },
  gb_vat: { pattern: /^GB(\d{9}|\d{12})$/, country: "GB" },
  au_abn: { pattern: /^\d{11}$/, country: "AU" },
  ch_vat: { pattern: /^CHE-?\d{3}\.?\d{3}\.?\d{3}(MWST|TVA|IVA)$/, country: "CH" },
  no_vat: { pattern: /^\d{9}MVA$/, country: "NO" },
  nz_gst: { pattern: /^\d{8,9}$/, country: "NZ" },
  ca_bn: { pattern: /^\d{9}$/, country: "CA" },
  us_ein: { pattern: /^\d{2}-?\d{7}$/, country: "US" },
};

/** The tax ID types the emulator validates (its format table). */
export const TAX_ID_TYPES: readonly string[] = Object.keys(TAX_ID_FORMATS);

/**
 * Test-mode verification, deterministic: a value whose number part is 111111111 is `unverified` (the
 * registry says no), 222222222 is `unavailable` (the registry could not be asked); every other well-formed
 * value is `verified`.
 */
export function verificationStatus(value: string): "verified" | "unverified" | "unavailable" {
  if (value.includes("111111111")) return "unverified";
  if (value.includes("222222222")) return "unavailable";
  return "verified";
}

/**
 * Normalises and checks a tax ID; a malformed value is the 400 Stripe answers (`tax_id_invalid`). `paramPrefix`
 * names where it was given (`customer_details[tax_ids][0]` in a preview), as Stripe's `param` does.
 */
export function parseTaxId(type: string, raw: string, paramPrefix = ""): { value: string; country: string } {
  const param = (name: string) => (paramPrefix ? `${paramPrefix}[${name}]` : name);
  const format = TAX_ID_FORMATS[type];
  if (!format) {
    throw invalidRequest(`stripe-local does not model tax ID type '${type}'; supported: ${Object.keys(TAX_ID_FORMATS).join(", ")}.`, {
      param: param("type"),
      code: "parameter_invalid_string",
    });
  }
  const value = raw.replace(/\s+/g, "").toUpperCase();
  if (!format.pattern.test(value)) throw invalidRequest(`Invalid value for ${type}.`, { param: param("value"), code: "tax_id_invalid" });
  return { value, country: typeof format.country === "string" ? format.country : format.country(value) };
}

/** The customer's tax location: its billing address (Stripe's first source), or none. */
export function taxLocation(customer: Customer): { country: string; state: string | null } | null {
  const a: Address | null = customer.address;
  if (!a?.country) return null;
  return { country: a.country.toUpperCase(), state: a.state ? a.state.toUpperCase() : null };
}

/**
 * Stripe refuses to turn on automatic tax for a subscription whose customer it cannot locate: its invoices could
 * not be taxed (an invoice preview says `requires_location_inputs` instead). The message is ours, not Stripe's.
 */
export function assertTaxLocation(customer: Customer): void {
  if (taxLocation(customer)) return;
  throw invalidRequest("The customer's tax location isn't recognized: set a customer address (at least its country) before enabling automatic tax.", {
    code: "customer_tax_location_invalid",
  });
}

/** A VAT number that makes a business sale in its own country a reverse-charge sale. */
function reverseChargeId(country: string, taxIds: TaxId[]): TaxId | undefined {
  if (country === SELLER_COUNTRY) return undefined;
  const eligible = EU_COUNTRIES.has(country) ? "eu_vat" : country === "GB" ? "gb_vat" : null;
  if (!eligible) return undefined;
  return taxIds.find((t) => t.type === eligible && t.country === country && t.verification?.status !== "unverified");
}

export interface TaxDecision {
  rate: number;
  reason: TaxAmount["taxability_reason"];
  /** Whether the location could be read: false → automatic_tax.status `requires_location_inputs`. */
  located: boolean;
}

/** What automatic tax charges this customer (one decision for all lines: the emulator has one product tax code). */
export function decideTax(customer: Customer, taxIds: TaxId[]): TaxDecision {
  if (customer.tax_exempt === "exempt") return { rate: 0, reason: "customer_exempt", located: true };
  const where = taxLocation(customer);
  if (!where) return { rate: 0, reason: "not_collecting", located: false };
  if (customer.tax_exempt === "reverse" || reverseChargeId(where.country, taxIds)) return { rate: 0, reason: "reverse_charge", located: true };
  const rate = RATE_TABLE[where.country === "US" ? `US-${where.state ?? ""}` : where.country];
  if (!rate) return { rate: 0, reason: "not_collecting", located: true };
  return { rate: rate.percentage, reason: "standard_rated", located: true };
}

/** Exclusive tax on one line, rounded half away from zero per line as Stripe rounds line taxes. */
export function lineTax(amount: number, decision: TaxDecision): TaxAmount {
  const raw = (Math.abs(amount) * decision.rate) / 100;
  const tax = Math.round(raw) * Math.sign(amount);
  return {
    amount: tax === 0 ? 0 : tax,
    tax_behavior: "exclusive",
    tax_rate_details: null,
    taxability_reason: decision.reason,
    taxable_amount: decision.rate > 0 ? amount : 0,
    type: "tax_rate_details",
  };
}
