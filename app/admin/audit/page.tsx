// /admin/audit — the append-only audit log of every billing action: who (user, admin or Stripe event), what,
// before/after and why.
import Link from "next/link";
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

function json(value: unknown): string {
  return value === null || value === undefined ? "∅" : JSON.stringify(value);
}

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
      <form className={styles.toolbar} method="get" action="/admin/audit">
        <label className={styles.control}>
          Tenant id
          <input className={styles.input} name="tenant" defaultValue={query.tenant ?? ""} />
        </label>
        <label className={styles.control}>
          Actor starts with
          <input className={styles.input} name="actor" defaultValue={query.actor ?? ""} placeholder="admin:" />
        </label>
        <label className={styles.control}>
          Action starts with
          <input className={styles.input} name="action" defaultValue={query.action ?? ""} placeholder="admin.refund" />
        </label>
        <button className={styles.button} type="submit">
          Filter
        </button>
      </form>
      <div className={styles.tableWrap}>
        <table className={styles.table} data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Tenant</th>
              <th>Who</th>
              <th>What happened</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((a) => (
              <tr key={a.id} data-testid="audit-row">
                <td>{formatDateTime(a.createdAt)}</td>
                <td>{a.tenantId ? <Link href={`/admin/tenants/${a.tenantId}`}>{a.tenantName ?? a.tenantId}</Link> : "—"}</td>
                <td>{describeActor(a.actor, a.actorEmail)}</td>
                <td className={styles.wrap} style={{ minWidth: "32ch" }}>
                  <span data-testid="audit-sentence">{describeAudit(a)}</span>
                  <details>
                    <summary className={styles.small}>Details</summary>
                    <div className={`${styles.mono} ${styles.small}`}>
                      <div>{a.action} · {a.actor}</div>
                      <div>before: {json(a.before)}</div>
                      <div>after: {json(a.after)}</div>
                    </div>
                  </details>
                </td>
                <td className={styles.wrap}>{a.reason ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.rows.length === 0 && <p className={styles.empty}>Nothing recorded.</p>}
      </div>
      <Pager summary={`${page.rows.length} shown`} prevHref={query.after ? href({}) : null} nextHref={page.nextCursor ? href({ after: page.nextCursor }) : null} />
    </>
  );
}
