import "server-only";
import type { AuditEntry, HandlerContext } from "./handler-context";

/**
 * Queues an audit row for this event. The dispatcher writes the queue in the statement that marks the event
 * processed, inside the event's transaction: a retried or duplicated event writes its audit rows exactly once.
 */
export function queueEventAudit(ctx: HandlerContext, entry: AuditEntry): void {
  ctx.audits.push(entry);
}
