// /admin/tenants — every tenant with plan, status, MRR, renewal, last payment and dunning count; keyset-paged,
// searchable, sortable and filterable on the server, exportable as CSV.
import Link from "next/link";
import type { ReactNode } from "react";
import { DataTable, type Column } from "@/components/admin/data-table";
import { FilterBar, SelectFilter, TextFilter } from "@/components/admin/filter-bar";
import { Pager } from "@/components/admin/pager";
import { StatusPill } from "@/components/admin/status-pill";
import styles from "@/components/admin/admin.module.css";
import { listTenants, TENANT_STATUS_FILTERS, tenantListQuerySchema, type TenantSort } from "@/lib/admin/list-tenants";
import { requireAdmin } from "@/lib/auth/guards";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

type TenantRow = Awaited<ReturnType<typeof listTenants>>["rows"][number];

const none = <span className={styles.muted}>—</span>;

const COLUMNS: { sort: TenantSort | null; label: string; numeric?: boolean; cell: (row: TenantRow) => ReactNode }[] = [
  {
    sort: "name",
    label: "Tenant",
    cell: (row) => (
      <>
        <Link href={`/admin/tenants/${row.tenantId}`}>{row.name}</Link>
        <div className={`${styles.small} ${styles.muted}`}>{row.slug}</div>
      </>
    ),
  },
  { sort: null, label: "Plan", cell: (row) => row.planName ?? none },
  {
    sort: "status",
    label: "Status",
    cell: (row) => (
      <>
        <StatusPill status={row.status} testId="tenant-status" />
        {row.cancelAtPeriodEnd && <span className={`${styles.small} ${styles.muted}`}> · cancels at period end</span>}
      </>
    ),
  },
  { sort: "mrr", label: "MRR", numeric: true, cell: (row) => <span data-testid="tenant-mrr">{formatMoney(row.mrr, row.currency)}</span> },
  { sort: "nextRenewal", label: "Next renewal", cell: (row) => (row.nextRenewalAt ? formatDate(row.nextRenewalAt) : none) },
  { sort: "lastPayment", label: "Last payment", cell: (row) => (row.lastPaymentAt ? formatDate(row.lastPaymentAt) : none) },
  { sort: "failedAttempts", label: "Failed attempts", numeric: true, cell: (row) => row.failedAttempts },
];

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function AdminTenantsPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin();
  const raw = await searchParams;
  const query = tenantListQuerySchema.parse({
    q: first(raw.q) || undefined,
    status: first(raw.status) || undefined,
    sort: first(raw.sort),
    dir: first(raw.dir),
    after: first(raw.after),
    before: first(raw.before),
  });
  const page = await listTenants(query);

  const href = (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    const merged = { q: query.q, status: query.status, sort: query.sort, dir: query.dir, ...changes };
    for (const [key, value] of Object.entries(merged)) if (value) params.set(key, value);
    const search = params.toString();
    return search ? `/admin/tenants?${search}` : "/admin/tenants";
  };
  // Sortable headers link to the other direction; the sorted one carries aria-sort.
  const columns: Column<TenantRow>[] = COLUMNS.map(({ sort, ...column }) => {
    const active = sort === query.sort;
    const nextDir = active && query.dir === "asc" ? "desc" : "asc";
    return {
      ...column,
      ariaSort: active ? (query.dir === "asc" ? "ascending" : "descending") : undefined,
      header: sort ? (
        <Link href={href({ sort, dir: nextDir, after: undefined, before: undefined })}>
          {column.label}
          {active ? (query.dir === "asc" ? " ↑" : " ↓") : ""}
        </Link>
      ) : undefined,
    };
  });
  const exportParams = new URLSearchParams();
  for (const [key, value] of Object.entries({ q: query.q, status: query.status, sort: query.sort, dir: query.dir })) {
    if (value) exportParams.set(key, value);
  }

  return (
    <>
      <header className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>Tenants</h1>
          <p className={styles.pageSubtitle}>{page.total.toLocaleString("en-US")}{page.totalCapped ? "+" : ""} matching</p>
        </div>
        <a className={`${styles.button} ${styles.secondary}`} href={`/admin/tenants/export?${exportParams.toString()}`} data-testid="export-csv">
          Export CSV
        </a>
      </header>

      <FilterBar action="/admin/tenants" submitLabel="Apply" search>
        <TextFilter label="Search" type="search" name="q" defaultValue={query.q ?? ""} placeholder="Name, slug, member email, cus_… or id" size={32} />
        <SelectFilter label="Status" name="status" value={query.status} options={TENANT_STATUS_FILTERS} optionLabel={(status) => status.replace(/_/g, " ")} />
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
      </FilterBar>

      <DataTable
        columns={columns}
        rows={page.rows}
        rowKey={(row) => row.tenantId}
        rowProps={(row) => ({ "data-testid": "tenant-row", "data-tenant-id": row.tenantId })}
        testId="tenants-table"
        label="Tenants"
        empty="No tenants match."
      />

      <Pager
        summary={`${page.rows.length} shown of ${page.total.toLocaleString("en-US")}${page.totalCapped ? "+" : ""}`}
        prevHref={page.prevCursor ? href({ before: page.prevCursor }) : null}
        nextHref={page.nextCursor ? href({ after: page.nextCursor }) : null}
      />
    </>
  );
}
