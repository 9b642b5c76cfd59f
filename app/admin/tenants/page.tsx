// /admin/tenants — every tenant with plan, status, MRR, renewal, last payment and dunning count; keyset-paged,
// searchable, sortable and filterable on the server, exportable as CSV.
import Link from "next/link";
import { Pager } from "@/components/admin/pager";
import { StatusPill } from "@/components/admin/status-pill";
import styles from "@/components/admin/admin.module.css";
import { listTenants, TENANT_STATUS_FILTERS, tenantListQuerySchema, type TenantSort } from "@/lib/admin/list-tenants";
import { requireAdmin } from "@/lib/auth/guards";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const COLUMNS: { sort: TenantSort | null; label: string; numeric?: boolean }[] = [
  { sort: "name", label: "Tenant" },
  { sort: null, label: "Plan" },
  { sort: "status", label: "Status" },
  { sort: "mrr", label: "MRR", numeric: true },
  { sort: "nextRenewal", label: "Next renewal" },
  { sort: "lastPayment", label: "Last payment" },
  { sort: "failedAttempts", label: "Failed attempts", numeric: true },
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

      <form className={styles.toolbar} method="get" action="/admin/tenants" role="search">
        <label className={styles.control}>
          Search
          <input className={styles.input} type="search" name="q" defaultValue={query.q ?? ""} placeholder="Name, slug, member email, cus_… or id" size={32} />
        </label>
        <label className={styles.control}>
          Status
          <select className={styles.select} name="status" defaultValue={query.status ?? ""}>
            <option value="">All</option>
            {TENANT_STATUS_FILTERS.map((status) => (
              <option key={status} value={status}>
                {status.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        </label>
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <button className={styles.button} type="submit">
          Apply
        </button>
      </form>

      <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Tenants">
        <table className={styles.table} data-testid="tenants-table">
          <thead>
            <tr>
              {COLUMNS.map((column) => {
                const active = column.sort === query.sort;
                const nextDir = active && query.dir === "asc" ? "desc" : "asc";
                return (
                  <th
                    key={column.label}
                    className={column.numeric ? styles.num : undefined}
                    scope="col"
                    // aria-sort belongs on the column header, not on the link inside it.
                    aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}
                  >
                    {column.sort ? (
                      <Link href={href({ sort: column.sort, dir: nextDir, after: undefined, before: undefined })}>
                        {column.label}
                        {active ? (query.dir === "asc" ? " ↑" : " ↓") : ""}
                      </Link>
                    ) : (
                      column.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => (
              <tr key={row.tenantId} data-testid="tenant-row" data-tenant-id={row.tenantId}>
                <td>
                  <Link href={`/admin/tenants/${row.tenantId}`}>{row.name}</Link>
                  <div className={`${styles.small} ${styles.muted}`}>{row.slug}</div>
                </td>
                <td>{row.planName ?? <span className={styles.muted}>—</span>}</td>
                <td>
                  <StatusPill status={row.status} testId="tenant-status" />
                  {row.cancelAtPeriodEnd && <span className={`${styles.small} ${styles.muted}`}> · cancels at period end</span>}
                </td>
                <td className={styles.num} data-testid="tenant-mrr">
                  {formatMoney(row.mrr, row.currency)}
                </td>
                <td>{row.nextRenewalAt ? formatDate(row.nextRenewalAt) : <span className={styles.muted}>—</span>}</td>
                <td>{row.lastPaymentAt ? formatDate(row.lastPaymentAt) : <span className={styles.muted}>—</span>}</td>
                <td className={styles.num}>{row.failedAttempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.rows.length === 0 && <p className={styles.empty}>No tenants match.</p>}
      </div>

      <Pager
        summary={`${page.rows.length} shown of ${page.total.toLocaleString("en-US")}${page.totalCapped ? "+" : ""}`}
        prevHref={page.prevCursor ? href({ before: page.prevCursor }) : null}
        nextHref={page.nextCursor ? href({ after: page.nextCursor }) : null}
      />
    </>
  );
}
