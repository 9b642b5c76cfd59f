/** "billed yearly" / "billed monthly": how often a plan of this interval is charged. */
export function formatBillingCadence(interval: "month" | "year"): string {
  return interval === "year" ? "yearly" : "monthly";
}
