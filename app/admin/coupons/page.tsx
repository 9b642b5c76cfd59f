// /admin/coupons — the Stripe account's coupons, their promotion codes and how often each was redeemed
// (read from Stripe at request time: the app keeps no copy of them).
import type { Metadata } from "next";
import { DataTable, type Column } from "@/components/admin/data-table";
import { StatusPill } from "@/components/admin/status-pill";
import styles from "@/components/admin/admin.module.css";
import { listCoupons, type CouponView } from "@/lib/admin/list-coupons";
import { requireAdmin } from "@/lib/auth/guards";
import { formatDate } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money";

export const metadata: Metadata = { title: "Coupons · Admin" };

function discountOf(c: CouponView): string {
  const off = c.percentOff !== null ? `${c.percentOff}% off` : c.amountOff ? `${formatMoney(c.amountOff.amount, c.amountOff.currency)} off` : "—";
  if (c.duration === "forever") return `${off}, forever`;
  if (c.duration === "repeating") return `${off}, ${c.durationInMonths ?? 1} months`;
  return `${off}, once`;
}

const limitOf = (times: number, max: number | null) => (max === null ? times.toLocaleString("en-US") : `${times.toLocaleString("en-US")} / ${max.toLocaleString("en-US")}`);

const COLUMNS: Column<CouponView>[] = [
  {
    label: "Coupon",
    cellClassName: styles.wrap,
    cell: (c) => (
      <>
        {c.name ? (
          <>
            <strong>{c.name}</strong>
            <div className={`${styles.small} ${styles.muted} ${styles.mono}`}>{c.id}</div>
          </>
        ) : (
          <strong className={styles.mono}>{c.id}</strong>
        )}
      </>
    ),
  },
  { label: "Discount", cell: discountOf },
  { label: "Status", cell: (c) => <StatusPill status={c.state} testId="coupon-state" /> },
  { label: "Redemptions", numeric: true, cell: (c) => <span data-testid="coupon-redemptions">{limitOf(c.timesRedeemed, c.maxRedemptions)}</span> },
  {
    label: "Promotion codes",
    cellClassName: styles.wrap,
    isEmpty: (c) => c.codes.length === 0,
    cell: (c) =>
      c.codes.length === 0 ? (
        <span className={styles.muted}>none</span>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 16 }}>
          {c.codes.map((code) => (
            <li key={code.id} data-testid="coupon-code" data-code={code.code}>
              <span className={styles.mono}>{code.code}</span> · <span data-testid="coupon-code-state">{code.state}</span> · {limitOf(code.timesRedeemed, code.maxRedemptions)} redeemed
              {code.expiresAt && ` · expires ${formatDate(code.expiresAt)}`}
              {code.firstTimeOnly && " · first-time customers"}
              {code.minimumAmount && ` · minimum ${formatMoney(code.minimumAmount.amount, code.minimumAmount.currency)}`}
            </li>
          ))}
        </ul>
      ),
  },
  { label: "Redeem by", cell: (c) => (c.redeemBy ? formatDate(c.redeemBy) : "—"), isEmpty: (c) => !c.redeemBy },
];

export default async function AdminCouponsPage() {
  await requireAdmin();
  const coupons = await listCoupons();
  return (
    <>
      <header className={styles.pageHeader}>
        <div>
          <h1 className={styles.pageTitle}>Coupons</h1>
          <p className={styles.pageSubtitle}>Coupons and promotion codes on the Stripe account, with how often each was redeemed.</p>
        </div>
      </header>
      <DataTable
        columns={COLUMNS}
        rows={coupons}
        rowKey={(c) => c.id}
        rowProps={(c) => ({ "data-testid": "coupon-row", "data-coupon-id": c.id })}
        testId="coupon-table"
        label="Coupons"
        stacked
        empty="No coupons yet. Create them in Stripe (the seed script adds LAUNCH20)."
      />
    </>
  );
}
