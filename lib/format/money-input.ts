import { minorUnitDigits } from "./money";

/**
 * An amount typed in currency units → minor units, or null when it is not plainly one amount: "50", "50.5",
 * "50.00", "1,234.56". At most the currency's decimals (two for USD, none for JPY, three for KWD). A comma is
 * only a thousands separator between groups of three digits, so "12,50" (12.50 in locales with a decimal comma) is refused rather than read as 1,250.
 */
export function parseMoneyInput(text: string, currency = "usd"): number | null {
  const digits = minorUnitDigits(currency);
  const trimmed = text.trim();
  const decimals = digits === 0 ? "" : `(\\.\\d{1,${digits}})?`;
  if (!new RegExp(`^(\\d+|\\d{1,3}(,\\d{3})+)${decimals}$`).test(trimmed)) return null;
  const [whole, fraction = ""] = trimmed.replace(/,/g, "").split(".") as [string, string?];
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
}
