// Money as people read it, from an amount in the currency's minor units as Stripe counts them: cents for USD,
// yen for JPY (a zero-decimal currency: 500 is ¥500, not ¥5), fils for KWD (three decimals).

/** Stripe's zero-decimal currencies (https://docs.stripe.com/currencies#zero-decimal). */
const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);
/** Stripe's three-decimal currencies (https://docs.stripe.com/currencies#three-decimal). */
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

/** How many decimals Stripe's integer amounts carry in this currency. */
export function minorUnitDigits(currency: string): 0 | 2 | 3 {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

export function toMajorUnits(amountMinor: number, currency: string): number {
  return amountMinor / 10 ** minorUnitDigits(currency);
}

export function toMinorUnits(amountMajor: number, currency: string): number {
  return Math.round(amountMajor * 10 ** minorUnitDigits(currency));
}

const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(amountMinor: number, currency: string): string {
  const code = currency.toUpperCase();
  let format = formatters.get(code);
  if (!format) {
    // Intl knows how each currency is written (¥500, KWD 1.234, ISK without decimals); Stripe's digits above say
    // what the integer means.
    format = new Intl.NumberFormat("en-US", { style: "currency", currency: code });
    formatters.set(code, format);
  }
  // Stripe's amounts are whole minor units: anything finer is arithmetic noise, and a noise below zero is zero,
  // never "-$0.00". A credit is written with the minus sign (U+2212), not the hyphen Intl uses for en-US.
  const whole = Math.round(amountMinor) || 0;
  const text = format.format(toMajorUnits(Math.abs(whole), currency));
  return whole < 0 ? `${MINUS}${text}` : text;
}

/** The minus sign every negative amount is written with (a hyphen is a dash, not a minus). */
export const MINUS = "\u2212";

/**
 * Sums kept apart per currency, written together: "¥1,001 + $49.00" (amounts in different currencies are never
 * added). Nothing to show is zero in `fallbackCurrency`.
 */
export function formatMoneyByCurrency(sums: readonly { currency: string; amount: number }[], fallbackCurrency: string): string {
  if (sums.length === 0) return formatMoney(0, fallbackCurrency);
  return sums.map((sum) => formatMoney(sum.amount, sum.currency)).join(" + ");
}
