import "server-only";

// Events that are verified and handled, yet must change nothing: answered 200 (a retry would not help) and parked
// in the ledger with the reason, for an admin to see. "conflict": the event's metadata names another tenant than
// the customer's owner, or would give a tenant a second customer. "unmatched": the customer belongs to no tenant
// yet; applied when it is linked (applyParkedEvents) or on replay.

export type ParkKind = "conflict" | "unmatched";

export class ParkedEventError extends Error {
  constructor(
    readonly kind: ParkKind,
    detail: string,
  ) {
    super(detail);
    this.name = kind === "conflict" ? "TenantConflict" : "TenantUnmatched";
  }
}

export const tenantConflict = (detail: string) => new ParkedEventError("conflict", detail);
export const tenantUnmatched = (detail: string) => new ParkedEventError("unmatched", detail);
