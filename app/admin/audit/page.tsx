// /admin/audit — the append-only audit log of every billing action: who (user, admin or Stripe event), what,
// before/after and why.
import Link from "next/link";
import { AuditEntry } from "@/components/admin/audit-entry";
import { DataTable, type Column } from "@/components/admin/data-table";
import { FilterBar, TextFilter } from "@/components/admin/filter-bar";
import { Pager } from "@/components/admin/pager";
import styles from "@/components/admin/admin.module.css";
import { auditQuerySchema, listAuditLog } from "@/lib/admin/list-audit-log";
import { requireAdmin } from "@/lib/auth/guards";
import { describeActor, describeAudit } from "@/lib/audit/describe-audit";
import { formatDateTime } from "@/lib/format/dates";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v ? v : undefined;
}


type AuditRow = Awaited<ReturnType<typeof listAuditLog>>["rows"][number];

const COLUMNS: Column<AuditRow>[] = [
  { label: "When", cell: (a) => formatDateTime(a.createdAt) },
  { label: "Tenant", cell: (a) => (a.tenantId ? <Link href={`/admin/tenants/${a.tenantId}`}>{a.tenantName ?? a.tenantId}</Link> : "—") },
  // Wraps: a user's e-mail would otherwise push "What happened" off a laptop screen.
  { label: "Who", cellClassName: styles.wrap, cell: (a) => describeActor(a.actor, a.actorEmail) },
  {
    label: "What happened",
    cellClassName: styles.wrap,
    cell: (a) => <AuditEntry sentence={describeAudit(a)} entry={a} />,
  },
  { label: "Why", cellClassName: styles.wrap, cell: (a) => a.reason ?? "" },
];

export default async function AdminAuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin();
  const raw = await searchParams;
  const query = auditQuerySchema.parse({ tenant: first(raw.tenant), actor: first(raw.actor), action: first(raw.action), after: first(raw.after) });
  const page = await listAuditLog(query);
  const keep = { tenant: query.tenant, actor: query.actor, action: query.action };
  const href = (extra: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...keep, ...extra })) if (value) params.set(key, value);
    return `/admin/audit?${params.toString()}`;
  };
  return (
    <>
      <header className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>Audit log</h1>
          <p className={styles.pageSubtitle}>Append-only. Filter actors by user:…, admin:…, stripe:evt_… or system.</p>
        </div>
      </header>
      <FilterBar action="/admin/audit">
        <TextFilter label="Tenant id" name="tenant" defaultValue={query.tenant ?? ""} />
        <TextFilter label="Actor starts with" name="actor" defaultValue={query.actor ?? ""} placeholder="admin:" />
        <TextFilter label="Action starts with" name="action" defaultValue={query.action ?? ""} placeholder="admin.refund" />
      </FilterBar>
      <DataTable
        columns={COLUMNS}
        rows={page.rows}
        rowKey={(a) => a.id}
        rowProps={() => ({ "data-testid": "audit-row" })}
        testId="audit-table"
        empty="Nothing recorded."
        stacked
      />
      <Pager summary={`${page.rows.length} shown`} prevHref={query.after ? href({}) : null} nextHref={page.nextCursor ? href({ after: page.nextCursor }) : null} />
    </>
  );
}
