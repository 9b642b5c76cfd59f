"use client";
import { useState, useTransition } from "react";
import styles from "@/components/admin/admin.module.css";
import { runDriftCheckAction } from "../actions";

type Report = Extract<Awaited<ReturnType<typeof runDriftCheckAction>>, { ok: true }>["data"];

function show(value: string | number | boolean | null): string {
  return value === null ? "∅" : String(value);
}

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
            <div className={styles.tableWrap}>
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th>Object</th>
                    <th>Problem</th>
                    <th>Differences (ours → Stripe)</th>
                    <th>Repaired</th>
                  </tr>
                </thead>
                <tbody>
                  {report.drifts.map((d) => (
                    <tr key={`${d.kind}-${d.stripeId}`} data-testid="drift-row">
                      <td>
                        {d.kind} <span className={styles.mono}>{d.stripeId}</span>
                      </td>
                      <td>{d.problem.replace(/_/g, " ")}</td>
                      <td className={`${styles.mono} ${styles.wrap}`}>
                        {d.diffs.map((f) => `${f.field}: ${show(f.ours)} → ${show(f.stripe)}`).join("; ")}
                      </td>
                      <td>{d.repaired ? "yes" : "no"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
