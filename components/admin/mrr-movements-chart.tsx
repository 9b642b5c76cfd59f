import { useId } from "react";
import type { RevenueMonth } from "@/lib/admin/get-revenue";
import { formatMoney } from "@/lib/format/money";
import styles from "./admin.module.css";

const KINDS = [
  { key: "new", label: "New", sign: 1, className: "moveNew" },
  { key: "expansion", label: "Expansion", sign: 1, className: "moveExpansion" },
  { key: "contraction", label: "Contraction", sign: -1, className: "moveContraction" },
  { key: "churn", label: "Churned", sign: -1, className: "moveChurn" },
] as const;

function monthLabel(month: string): string {
  return new Intl.DateTimeFormat("en-US", { month: "short", year: "2-digit", timeZone: "UTC" }).format(new Date(month));
}

/**
 * MRR gained (new, expansion: up) and lost (contraction, churn: down) per month, as stacked bars around a zero
 * line, server-rendered SVG with a title and description, and the same figures as a table beneath it.
 */
export function MrrMovementsChart({ months, currency }: { months: RevenueMonth[]; currency: string }) {
  const id = useId();
  // Drawn for the full-width panel it sits in, so its text comes out near the page's size.
  const width = 960;
  const height = 240;
  const pad = { top: 12, right: 8, bottom: 24, left: 64 };
  const mostGained = Math.max(0, ...months.map((m) => m.new + m.expansion));
  const mostLost = Math.max(0, ...months.map((m) => m.contraction + m.churn));
  // At least one minor unit each way keeps the scale finite; the labels say the figures themselves.
  const up = Math.max(1, mostGained);
  const down = Math.max(1, mostLost);
  const plot = height - pad.top - pad.bottom;
  const zero = pad.top + (up / (up + down)) * plot;
  const scale = plot / (up + down);
  const slot = (width - pad.left - pad.right) / Math.max(1, months.length);
  const bar = Math.max(4, slot * 0.6);
  const gained = months.reduce((sum, m) => sum + m.new + m.expansion, 0);
  const lost = months.reduce((sum, m) => sum + m.contraction + m.churn, 0);
  return (
    <figure style={{ margin: 0 }} data-testid="mrr-movements">
      <svg viewBox={`0 0 ${width} ${height}`} className={styles.chart} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>MRR movements per month</title>
        <desc id={`${id}-d`}>
          Over {months.length} months: {formatMoney(gained, currency)} gained from new and expanding subscriptions,{" "}
          {formatMoney(lost, currency)} lost to contraction and churn. The table below lists each month.
        </desc>
        <line x1={pad.left} x2={width - pad.right} y1={zero} y2={zero} className={styles.chartAxis} />
        <text x={pad.left - 8} y={pad.top + 8} textAnchor="end" className={styles.chartLabel}>
          {mostGained > 0 && "+"}
          {formatMoney(mostGained, currency)}
        </text>
        <text x={pad.left - 8} y={height - pad.bottom} textAnchor="end" className={styles.chartLabel}>
          {formatMoney(-mostLost, currency)}
        </text>
        {months.map((m, i) => {
          const x = pad.left + i * slot + (slot - bar) / 2;
          let above = zero;
          let below = zero;
          return (
            <g key={m.month}>
              {KINDS.map((kind) => {
                const h = m[kind.key] * scale;
                if (h <= 0) return null;
                const y = kind.sign > 0 ? (above -= h) : below;
                if (kind.sign < 0) below += h;
                return <rect key={kind.key} x={x} y={y} width={bar} height={h} className={styles[kind.className]} />;
              })}
              {(i % 2 === months.length % 2 || months.length <= 6) && (
                <text x={x + bar / 2} y={height - 6} textAnchor="middle" className={styles.chartLabel}>
                  {monthLabel(m.month)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className={styles.legend}>
        {KINDS.map((kind) => (
          <span key={kind.key}>
            <span className={`${styles.swatch} ${styles[kind.className]}`} aria-hidden="true" /> {kind.label}
          </span>
        ))}
      </figcaption>
      <details>
        <summary className={styles.small}>The figures as a table</summary>
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <caption className={styles.visuallyHidden}>MRR movements per month ({currency.toUpperCase()})</caption>
            <thead>
              <tr>
                <th scope="col">Month</th>
                {KINDS.map((kind) => (
                  <th key={kind.key} scope="col" className={styles.num}>
                    {kind.label}
                  </th>
                ))}
                <th scope="col" className={styles.num}>Net</th>
                <th scope="col" className={styles.num}>MRR at month end</th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{monthLabel(m.month)}</th>
                  {KINDS.map((kind) => (
                    <td key={kind.key} className={styles.num}>
                      {formatMoney(m[kind.key], currency)}
                    </td>
                  ))}
                  <td className={styles.num}>{formatMoney(m.net, currency)}</td>
                  <td className={styles.num}>{formatMoney(m.mrr, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
