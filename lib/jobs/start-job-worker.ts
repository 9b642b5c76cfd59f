import "server-only";
import { Logger, run, type LogLevel, type Runner } from "graphile-worker";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/log";
import { getMailTransport } from "@/lib/mail/transport";
import { kickEmailDecisions, startDecidingEmails } from "@/lib/webhooks/email-decisions";
import { buildTaskList, CRONTAB } from "./task-list";

// Every server process runs a graphile-worker runner on the app's PostgreSQL: jobs are rows in the graphile_worker
// schema, taken with SKIP LOCKED (so any number of instances share them and each job runs once) and announced with
// LISTEN/NOTIFY (a queued email goes out within milliseconds, no polling delay). A failed job is retried with
// exponential backoff; a job whose worker died is taken over once its lock expires.

const globalForWorker = globalThis as unknown as { assetAnchorJobWorker?: Promise<Runner> };

const pinoLevel: Record<LogLevel, "error" | "warn" | "debug"> = { error: "error", warning: "warn", info: "debug", debug: "debug" };

const workerLogger = new Logger((scope) => (level, message, meta) => {
  getLogger()[pinoLevel[level]]({ component: "job-worker", ...scope, ...meta }, message);
});

/**
 * Jobs taken and completed in batches rather than one query each. A burst of webhook deliveries once queued a
 * billing-emails job for every fifth event or so (lib/webhooks/email-decisions.ts now keeps those decisions), and
 * a burst of emails still queues a send job each: fetched one at a time (a `get_job` and a `complete_job` per job,
 * each woken by the job's NOTIFY) the queue's own queries were about a tenth of the server's CPU under
 * `npm run bench:webhooks`. A fetch that finds few jobs waits about 100 ms before the next one, so jobs queued
 * meanwhile come in one query (a job starts at most ~150 ms later than it would have); completions within 20 ms
 * share one query. A job locked in the local queue is released on shutdown, and its TTL is far below the
 * stalled-job sweep's minute.
 */
const JOB_BATCHING = {
  localQueue: { size: 16, ttl: 30_000, refetchDelay: { durationMs: 100, threshold: 1 } },
  completeJobBatchDelay: 20,
  failJobBatchDelay: 20,
};

/** Starts this process's runner once (idempotent; hot reload in dev keeps the first). */
export function startJobWorker(): Promise<Runner> {
  globalForWorker.assetAnchorJobWorker ??= startRunner();
  return globalForWorker.assetAnchorJobWorker;
}

async function startRunner(): Promise<Runner> {
  const env = getEnv();
  const transport = getMailTransport();
  if (!transport) getLogger().warn("SMTP_URL is not set: emails stay queued in the outbox until an instance with SMTP_URL runs");
  const runner = await run({
    connectionString: env.DATABASE_URL,
    concurrency: 4,
    preset: { worker: JOB_BATCHING },
    // The server process owns SIGTERM/SIGINT (server/production-server.mjs). A job interrupted by a stop stays locked
    // by graphile-worker; for emails the stalled-email sweep (task-list.ts) takes it over once its lease ends.
    noHandleSignals: true,
    logger: workerLogger,
    taskList: buildTaskList({ transport }),
    crontab: CRONTAB,
  });
  runner.promise.catch((error: unknown) => getLogger().error({ error: String(error) }, "job worker stopped"));
  // The billing-email decisions of the events this process applies are taken here at once, and whatever is due
  // now (left by a stopped instance) too; the periodic sweep takes the rest.
  startDecidingEmails();
  kickEmailDecisions();
  return runner;
}
