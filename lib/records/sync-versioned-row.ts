import "server-only";
import { tenantConflict } from "./parked-event";
import { resolveTenant, type TenantHints } from "./tenant-of";
import { decideWrite } from "./version-guard";
import { writeVersionedRow, type VersionedRow } from "./versioned-row";
import type { WriteContext } from "./write-context";

export type SyncSpec<F extends TenantHints> = {
  rowOf: (fields: F) => VersionedRow;
  /** The object as Stripe has it now: after a tie, neither event's payload can be trusted as the latest. */
  refetch: () => Promise<F>;
  /** The fields were just read from Stripe rather than taken from an event payload. */
  fresh?: boolean;
};

export type Synced<F> = { tenantId: string; rowId: string; fields: F };

/**
 * Inside the event's transaction: writes an object's row unless it holds a newer event's state. The first
 * statement settles almost every event; only a tenant unknown to the database, a concurrent first write or a
 * tie between two events take more.
 */
export async function syncVersionedRow<F extends TenantHints>(ctx: WriteContext, fields: F, spec: SyncSpec<F>): Promise<Synced<F>> {
  const write = (f: F, apply: "newer" | "always", tenantId?: string | null) => {
    const row = spec.rowOf(f);
    if (tenantId) row.tenantHints = { ...row.tenantHints, metadataTenantId: tenantId };
    return writeVersionedRow(ctx.tx, row, { version: ctx.version, actor: ctx.actor, apply });
  };
  const { table, key } = spec.rowOf(fields);
  const label = `${table} ${key}`;

  let result = await write(fields, "newer");
  if (result.linked && fields.stripeCustomerId) ctx.linkedCustomerIds.push(fields.stripeCustomerId);
  // No tenant agreed on: resolveTenant parks a conflict or an unmatched customer, or asks Stripe for the
  // customer's metadata and links the customer.
  if (result.tenantId === null) {
    const resolved = await resolveTenant(ctx.tx, fields);
    if (resolved.linkedCustomerId) ctx.linkedCustomerIds.push(resolved.linkedCustomerId);
    result = await write(fields, "newer", resolved.tenantId);
    if (result.tenantId === null) throw tenantConflict(`${label} is recorded under another tenant than ${resolved.tenantId}`);
  }
  // A concurrent first write committed after this statement's snapshot; the next statement sees (and locks) it.
  if (result.written === 0 && result.oldCreated === null) result = await write(fields, "newer", result.tenantId);
  const { tenantId } = result;
  if (tenantId === null) throw new Error(`${label}: no tenant`);
  if (result.written === 1 && result.rowId) return { tenantId, rowId: result.rowId, fields };
  if (result.oldCreated === null || result.rowId === null) throw new Error(`${label} vanished during sync`);

  const decision = decideWrite(
    { lastEventCreated: result.oldCreated, lastEventId: result.oldEventId },
    ctx.version,
    spec.fresh,
  );
  // "apply" here is a tie the statement's strict `<` guard left alone: the same event again, or a fresh object.
  if (decision === "skip" || (decision === "apply" && !spec.fresh)) return { tenantId, rowId: result.rowId, fields };
  const trusted = decision === "refetch" ? await spec.refetch() : fields;
  await write(trusted, "always", tenantId);
  return { tenantId, rowId: result.rowId, fields: trusted };
}
