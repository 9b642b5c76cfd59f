"use client";
import { useState, useTransition } from "react";
import styles from "@/components/admin/admin.module.css";
import { DataTable, type Column } from "@/components/admin/data-table";
import { runDriftCheckAction } from "../actions";

type Report = Extract<Awaited<ReturnType<typeof runDriftCheckAction>>, { ok: true }>["data"];

function show(value: string | number | boolean | null): string {
  return value === null ? "∅" : String(value);
}

const COLUMNS: Column<Report["drifts"][number]>[] = [
  {
    label: "Object",
    cell: (d) => (
      <>
        {d.kind} <span className={styles.mono}>{d.stripeId}</span>
      </>
    ),
  },
  { label: "Problem", cell: (d) => d.problem.replace(/_/g, " ") },
  {
    label: "Differences (ours → Stripe)",
    cellClassName: `${styles.mono} ${styles.wrap}`,
    cell: (d) => d.diffs.map((f) => `${f.field}: ${show(f.ours)} → ${show(f.stripe)}`).join("; "),
  },
  { label: "Repaired", cell: (d) => (d.repaired ? "yes" : "no") },
];

/** Runs the drift check (optionally repairing) and shows the differences found. */
export function DriftCheckPanel() {
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (repair: boolean) =>
    startTransition(async () => {
      setError(null);
      const result = await runDriftCheckAction({ repair });
      if (result.ok) setReport(result.data);
      else setError(result.error.message);
    });
  return (
    <>
      <section className={styles.panel}>
        <div className={styles.row}>
          <button type="button" className={styles.button} disabled={pending} onClick={() => run(false)} data-testid="drift-check">
            {pending ? "Comparing with Stripe…" : "Check for drift"}
          </button>
          <button type="button" className={`${styles.button} ${styles.danger}`} disabled={pending} onClick={() => run(true)} data-testid="drift-repair">
            Check and repair
          </button>
        </div>
        {error && (
          <p className={styles.error} role="alert">
            {error}
          </p>
        )}
      </section>
      {report && (
        <section className={styles.panel} data-testid="drift-report">
          <h2 className={styles.panelTitle}>
            {report.totalDrifts === 0 ? "No drift" : `${report.totalDrifts} difference${report.totalDrifts === 1 ? "" : "s"}`}
            {report.repair && ` · ${report.repaired} repaired`}
          </h2>
          <p className={`${styles.small} ${styles.muted}`}>
            Checked {report.checked.subscription} subscriptions, {report.checked.invoice} invoices, {report.checked.charge} charges · run {report.runId}
          </p>
          {report.drifts.length > 0 && (
            <DataTable columns={COLUMNS} rows={report.drifts} rowKey={(d) => `${d.kind}-${d.stripeId}`} rowProps={() => ({ "data-testid": "drift-row" })} empty="" />
          )}
        </section>
      )}
    </>
  );
}
