import { formatMoney } from "@/lib/format/money";
import styles from "./admin.module.css";

/**
 * MRR over time (a point per day or per month) as a server-rendered SVG line: no client JavaScript, no chart
 * library. `span` words the period for screen readers ("30 days", "12 months").
 */
export function MrrChart({ series, currency, span = "30 days" }: { series: { day: string; mrr: number }[]; currency: string; span?: string }) {
  const width = 640;
  const height = 180;
  const pad = { top: 12, right: 12, bottom: 24, left: 64 };
  const values = series.map((p) => p.mrr);
  const highest = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  // One minor unit above the floor at least keeps the scale finite; the top label says the highest figure itself.
  const max = Math.max(min + 1, highest);
  const x = (i: number) => pad.left + (i / Math.max(1, series.length - 1)) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - (v - min) / (max - min)) * (height - pad.top - pad.bottom);
  const line = series.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.mrr).toFixed(1)}`).join(" ");
  const area = `${line} L${x(series.length - 1).toFixed(1)},${y(min).toFixed(1)} L${x(0).toFixed(1)},${y(min).toFixed(1)} Z`;
  const first = series[0];
  const last = series[series.length - 1];
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className={styles.chart}
      role="img"
      aria-label={`MRR from ${first ? formatMoney(first.mrr, currency) : "?"} to ${last ? formatMoney(last.mrr, currency) : "?"} over ${span}`}
      data-testid="mrr-chart"
    >
      <line x1={pad.left} x2={width - pad.right} y1={y(min)} y2={y(min)} className={styles.chartAxis} />
      <line x1={pad.left} x2={width - pad.right} y1={y(max)} y2={y(max)} className={styles.chartAxis} strokeDasharray="3 4" />
      <text x={pad.left - 8} y={y(max) + 4} textAnchor="end" className={styles.chartLabel}>
        {formatMoney(highest, currency)}
      </text>
      <text x={pad.left - 8} y={y(min) + 4} textAnchor="end" className={styles.chartLabel}>
        {formatMoney(min, currency)}
      </text>
      {series.length > 1 && <path d={area} className={styles.chartArea} />}
      <path d={line} className={styles.chartLine} />
      {first && (
        <text x={x(0)} y={height - 6} className={styles.chartLabel}>
          {first.day}
        </text>
      )}
      {last && (
        <text x={x(series.length - 1)} y={height - 6} textAnchor="end" className={styles.chartLabel}>
          {last.day}
        </text>
      )}
    </svg>
  );
}
