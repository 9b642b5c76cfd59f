import "server-only";
import { deleteExpiredAccountTokens } from "@/lib/accounts/account-tokens";
import { settleEndedDiscounts } from "@/lib/admin/settle-ended-discounts";
import { closeAbandonedCheckouts } from "@/lib/billing/close-abandoned-checkouts";
import { requeueStalledEmails } from "@/lib/mail/requeue-stalled-emails";
import { decidePendingEmails } from "@/lib/webhooks/email-decisions";
import { dropExpiredPayloads } from "@/lib/webhooks/payload-retention";

/**
 * A job the queue runs on a schedule: graphile-worker's cron, so each tick runs once across all instances (the
 * runners agree through graphile_worker.known_crontabs; a tick missed while no instance ran is not made up).
 * `run` answers figures worth a log line, or null when it had nothing to do.
 */
export interface PeriodicJob {
  /** The graphile-worker task identifier. */
  task: string;
  /** Crontab time fields, UTC. */
  schedule: string;
  run: () => Promise<Record<string, unknown> | null>;
}

// To add one: an entry here, its use case in its own domain.
export const PERIODIC_JOBS: readonly PeriodicJob[] = [
  {
    // A sender that died mid-send leaves its email "sending": re-queued once its lease is over.
    task: "requeue-stalled-emails",
    schedule: "* * * * *",
    // And the billing-email decisions no instance took at once: a killed server's (once its lease is over), those
    // queued while this instance was idle, and retries (lib/webhooks/email-decisions.ts).
    run: async () => {
      const requeued = await requeueStalledEmails();
      const { decided, failed } = await decidePendingEmails();
      return requeued + decided + failed > 0 ? { requeued, decided, failed } : null;
    },
  },
  {
    task: "webhook-payload-retention",
    schedule: "7 */6 * * *",
    run: async () => {
      const dropped = await dropExpiredPayloads();
      return dropped ? { dropped } : null;
    },
  },
  {
    // Hourly, so a tenant who gives up at checkout leaves nothing open in Stripe.
    task: "close-abandoned-checkouts",
    schedule: "23 * * * *",
    run: async () => {
      const closed = await closeAbandonedCheckouts({ onlyWithIncompleteRows: true });
      return closed.canceledSubscriptions.length + closed.expiredSessions.length > 0
        ? { tenants: closed.tenants, canceled: closed.canceledSubscriptions.length, voided: closed.voidedInvoices.length, expired: closed.expiredSessions.length }
        : null;
    },
  },
  {
    // Dead verification, reset and email-change links (used or expired): hourly, at an odd minute.
    task: "delete-expired-account-tokens",
    schedule: "17 * * * *",
    run: async () => {
      const { deleted } = await deleteExpiredAccountTokens();
      return deleted > 0 ? { deleted } : null;
    },
  },
  {
    // A repeating discount's end raises MRR with no event to say so: into the history and the tenant summaries
    // (the revenue page counts it at once; the tenants list within five minutes). An index probe when none is due.
    task: "settle-ended-discounts",
    schedule: "*/5 * * * *",
    run: async () => {
      const settled = await settleEndedDiscounts();
      return settled > 0 ? { settled } : null;
    },
  },
];
