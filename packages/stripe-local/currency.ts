// Amounts as Stripe writes them in text (invoice line descriptions, hosted pages). Every amount is an integer in the
// currency's smallest unit: cents for USD, yen for JPY (zero-decimal: 1200 is ¥1,200), fils for KWD (three decimals).
// The emulator stands in for Stripe, so it keeps Stripe's own lists rather than importing the app's.

/** https://docs.stripe.com/currencies#zero-decimal */
const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);
/** https://docs.stripe.com/currencies#three-decimal */
const THREE_DECIMAL = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

function decimalsOf(currency: string): number {
  const code = currency.toLowerCase();
  return ZERO_DECIMAL.has(code) ? 0 : THREE_DECIMAL.has(code) ? 3 : 2;
}

/** "$19.00", "¥1,200", "KWD 1.234": an amount in minor units, written in its currency. */
export function formatAmount(amount: number, currency: string): string {
  const digits = decimalsOf(currency);
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount / 10 ** digits);
}
