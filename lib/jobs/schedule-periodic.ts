import "server-only";
import { getLogger } from "@/lib/log";

// The app's periodic jobs (payload retention, the abandoned-checkout sweep) run inside each server process on
// unref'd timers: nothing to deploy beside the app, and a timer never keeps a stopping process alive. Each job
// makes itself safe to run on several instances at once (an advisory lock, or idempotent Stripe writes).

export interface PeriodicJob {
  name: string;
  everyMs: number;
  /** Wait after boot, so a deploy's start-up is not also a burst of background work. */
  firstRunAfterMs: number;
  run: () => Promise<Record<string, unknown> | null>;
}

const scheduled = new Set<string>();

export function schedulePeriodic(job: PeriodicJob): void {
  if (scheduled.has(job.name)) return;
  scheduled.add(job.name);
  const runOnce = () =>
    job
      .run()
      .then((figures) => {
        if (figures) getLogger().info({ job: job.name, ...figures }, "periodic job");
      })
      .catch((error: unknown) => getLogger().warn({ job: job.name, error: String(error) }, "periodic job failed"));
  setTimeout(function tick() {
    void runOnce().finally(() => setTimeout(tick, job.everyMs).unref());
  }, job.firstRunAfterMs).unref();
}
