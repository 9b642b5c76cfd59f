// Stripe's card brand codes, as people write them.
const CARD_BRANDS: Record<string, string> = {
  amex: "American Express",
  cartes_bancaires: "Cartes Bancaires",
  diners: "Diners Club",
  discover: "Discover",
  eftpos_au: "eftpos Australia",
  jcb: "JCB",
  link: "Link",
  mastercard: "Mastercard",
  unionpay: "UnionPay",
  visa: "Visa",
};

/** "mastercard" → "Mastercard", "amex" → "American Express"; an unknown code gets a capital letter. */
export function formatCardBrand(brand: string): string {
  const known = CARD_BRANDS[brand.toLowerCase()];
  if (known) return known;
  const words = brand.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
