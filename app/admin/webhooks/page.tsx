// /admin/webhooks — the processed-events ledger: filter by type, status, tenant and time; replay failed events;
// fill a gap from Stripe's Events API.
import Link from "next/link";
import { notFound } from "next/navigation";
import { DataTable, type Column } from "@/components/admin/data-table";
import { FilterBar, SelectFilter, TextFilter } from "@/components/admin/filter-bar";
import { Pager } from "@/components/admin/pager";
import { StatusPill } from "@/components/admin/status-pill";
import { WebhookEndpointNotice } from "@/components/admin/webhook-endpoint-notice";
import styles from "@/components/admin/admin.module.css";
import { getWebhookEndpointStatus } from "@/lib/admin/get-webhook-endpoint-status";
import { listWebhookEvents, listWebhookEventTypes, WEBHOOK_STATUSES, webhookEventQuerySchema } from "@/lib/admin/list-webhook-events";
import { requireAdmin } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format/dates";
import { FillGapForm, ReplayButton } from "./webhook-actions-ui";

// Failed and parked events can be re-run (a parked one applies once its tenant question is settled).
const REPLAYABLE: ReadonlySet<string> = new Set(["failed", "unmatched", "conflict"]);

type EventRow = Awaited<ReturnType<typeof listWebhookEvents>>["rows"][number];

const COLUMNS: Column<EventRow>[] = [
  { label: "Received", cellClassName: styles.dateCell, cell: (e) => formatDateTime(e.receivedAt) },
  {
    label: "Type",
    cell: (e) => (
      <>
        <Link href={`/admin/webhooks/${e.id}`}>{e.type}</Link>
        <div className={`${styles.mono} ${styles.muted}`}>{e.id}</div>
      </>
    ),
  },
  { label: "Status", cell: (e) => <StatusPill status={e.status} testId="webhook-status" /> },
  { label: "Attempts", numeric: true, cell: (e) => e.attempts },
  { label: "Tenant", cell: (e) => (e.tenantId ? <Link href={`/admin/tenants/${e.tenantId}`}>{e.tenantName ?? e.tenantId}</Link> : "—") },
  {
    label: "Error",
    cellClassName: styles.small,
    isEmpty: (e) => !e.lastError,
    cell: (e) =>
      e.lastError && (
        <span className={styles.truncate} title={e.lastError} data-testid="webhook-error">
          {e.lastError}
        </span>
      ),
  },
  {
    label: "Actions",
    header: <span className={styles.visuallyHidden}>Actions</span>,
    caption: "",
    isEmpty: (e) => !REPLAYABLE.has(e.status),
    cell: (e) => REPLAYABLE.has(e.status) && <ReplayButton eventId={e.id} />,
  },
];

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v ? v : undefined;
}

/** datetime-local values carry no zone; the console works in UTC like every date it shows. */
function utc(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return /[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`;
}

/** A day back, as a datetime-local value in UTC. */
function defaultGapStart(): string {
  return new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 16);
}

export default async function AdminWebhooksPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin();
  const raw = await searchParams;
  const query = webhookEventQuerySchema.parse({
    type: first(raw.type),
    status: first(raw.status),
    tenant: first(raw.tenant),
    from: utc(first(raw.from)),
    to: utc(first(raw.to)),
    after: first(raw.after),
  });
  // A date filter that is given but cannot be honoured is the client's error, not an unfiltered page.
  if ((first(raw.from) && !query.from) || (first(raw.to) && !query.to)) notFound();
  const [page, types, endpoint] = await Promise.all([listWebhookEvents(query), listWebhookEventTypes(), getWebhookEndpointStatus()]);
  const keep = { type: query.type, status: query.status, tenant: query.tenant, from: first(raw.from), to: first(raw.to) };
  const href = (extra: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...keep, ...extra })) if (value) params.set(key, value);
    return `/admin/webhooks?${params.toString()}`;
  };
  const dayAgo = defaultGapStart();

  return (
    <>
      <header className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>Webhooks</h1>
          <p className={styles.pageSubtitle}>Every Stripe event the app has seen, newest first. Payloads are stored redacted.</p>
        </div>
      </header>

      <WebhookEndpointNotice status={endpoint} />

      <section className={styles.panel}>
        <FillGapForm defaultSince={dayAgo} />
      </section>

      <FilterBar action="/admin/webhooks">
        <TextFilter label="Type" name="type" list="event-types" defaultValue={query.type ?? ""} placeholder="invoice.* or exact">
          <datalist id="event-types">
            {types.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </TextFilter>
        <SelectFilter label="Status" name="status" value={query.status} options={WEBHOOK_STATUSES} />
        <TextFilter label="Tenant id" name="tenant" defaultValue={query.tenant ?? ""} />
        <TextFilter label="From (UTC)" type="datetime-local" name="from" defaultValue={first(raw.from) ?? ""} />
        <TextFilter label="To (UTC)" type="datetime-local" name="to" defaultValue={first(raw.to) ?? ""} />
      </FilterBar>

      <DataTable
        columns={COLUMNS}
        rows={page.rows}
        rowKey={(e) => e.id}
        rowProps={(e) => ({ "data-testid": "webhook-row", "data-event-id": e.id })}
        testId="webhook-table"
        label="Events"
        stacked
        empty="No events match."
      />
      <Pager summary={`${page.rows.length} shown`} prevHref={query.after ? href({}) : null} nextHref={page.nextCursor ? href({ after: page.nextCursor }) : null} />
    </>
  );
}
