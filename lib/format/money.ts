// Money as people read it, from an amount in minor units (cents).

export function formatMoney(amountMinor: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(
    amountMinor / 100,
  );
}
