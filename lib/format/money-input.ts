/**
 * An amount typed in currency units → minor units, or null when it is not plainly one amount: "50", "50.5",
 * "50.00", "1,234.56". Two decimals at most. A comma is only a thousands separator between groups of three
 * digits, so "12,50" (12.50 in locales with a decimal comma) is refused rather than read as 1,250.
 */
export function parseMoneyInput(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+|\d{1,3}(,\d{3})+)(\.\d{1,2})?$/.test(trimmed)) return null;
  const [whole, fraction = ""] = trimmed.replace(/,/g, "").split(".") as [string, string?];
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}
