// /admin/webhooks/[eventId] — one ledger entry: status, attempts, error and the redacted payload.
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusPill } from "@/components/admin/status-pill";
import styles from "@/components/admin/admin.module.css";
import { getWebhookEventOrThrow } from "@/lib/admin/list-webhook-events";
import { requireAdmin } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/dates";
import { isAppError } from "@/lib/errors";
import { ReplayButton } from "../webhook-actions-ui";

export default async function AdminWebhookEventPage({ params }: { params: Promise<{ eventId: string }> }) {
  await requireAdmin();
  const { eventId } = await params;
  let found;
  try {
    found = await getWebhookEventOrThrow(eventId);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const { event, tenant } = found;
  return (
    <>
      <header className={styles.pageHeader}>
        <div>
          <p className={styles.pageSubtitle}>
            <Link href="/admin/webhooks">Webhooks</Link> /
          </p>
          <h1 className={styles.pageTitle}>{event.type}</h1>
          <p className={`${styles.pageSubtitle} ${styles.mono}`}>{event.id}</p>
        </div>
        <span className={styles.row}>
          <StatusPill status={event.status} testId="event-status" />
          {["failed", "unmatched", "conflict"].includes(event.status) && <ReplayButton eventId={event.id} />}
        </span>
      </header>
      <section className={styles.panel}>
        <dl className={styles.dl}>
          <dt>Created at Stripe</dt>
          <dd>{formatDateTime(event.stripeCreated * 1000)}</dd>
          <dt>Received</dt>
          <dd>{formatDateTime(event.receivedAt)}</dd>
          <dt>Processed</dt>
          <dd>{event.processedAt ? formatDateTime(event.processedAt) : "—"}</dd>
          <dt>Attempts</dt>
          <dd>{event.attempts}</dd>
          <dt>Object</dt>
          <dd className={styles.mono}>{event.objectId ?? "—"}</dd>
          <dt>Tenant</dt>
          <dd>{tenant ? <Link href={`/admin/tenants/${tenant.id}`}>{tenant.name}</Link> : "—"}</dd>
          <dt>Last error</dt>
          <dd className={styles.error}>{event.lastError ?? "—"}</dd>
        </dl>
      </section>
      <section className={styles.panel}>
        <h2 className={styles.panelTitle}>Payload (redacted)</h2>
        {/* Focusable: a keyboard user can scroll the payload too. */}
        <pre className={styles.pre} data-testid="event-payload" tabIndex={0} aria-label="Event payload">
          {event.payload === null ? "Not kept: an ignored type, or dropped by the retention job." : JSON.stringify(event.payload, null, 2)}
        </pre>
      </section>
    </>
  );
}
