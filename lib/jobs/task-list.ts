import "server-only";
import type { JobHelpers, TaskList } from "graphile-worker";
import { z } from "zod";
import { deleteExpiredAccountTokens } from "@/lib/accounts/account-tokens";
import { SEND_EMAIL_TASK } from "@/lib/mail/queue-email";
import { requeueStalledEmails } from "@/lib/mail/requeue-stalled-emails";
import { sendOutboxEmail } from "@/lib/mail/send-email";
import type { MailTransport } from "@/lib/mail/transport";

export const REQUEUE_STALLED_EMAILS_TASK = "requeue-stalled-emails";
export const DELETE_EXPIRED_ACCOUNT_TOKENS_TASK = "delete-expired-account-tokens";

/**
 * The periodic jobs, as graphile-worker crontab lines: each tick runs once across all instances (the runners agree
 * through the graphile_worker.known_crontabs row), and a tick missed while no instance ran is not made up.
 */
export const CRONTAB = [
  `* * * * * ${REQUEUE_STALLED_EMAILS_TASK}`,
  // Dead verification, reset and email-change links (used or expired): hourly, at an odd minute.
  `17 * * * * ${DELETE_EXPIRED_ACCOUNT_TOKENS_TASK}`,
].join("\n");

const sendEmailPayload = z.object({ emailId: z.string().min(1) });

/** graphile-worker counts the attempt it is running: the last one marks the row failed rather than retrying. */
const isFinalAttempt = (helpers: JobHelpers) => helpers.job.attempts >= helpers.job.max_attempts;

/**
 * What this process's worker runs. Without a mail transport the send task is left out: graphile-worker then
 * never takes those jobs, so emails wait in the outbox (queued) for an instance that can send them.
 */
export function buildTaskList(options: { transport: MailTransport | null }): TaskList {
  const tasks: TaskList = {
    [REQUEUE_STALLED_EMAILS_TASK]: async (_payload, helpers) => {
      const requeued = await requeueStalledEmails();
      if (requeued > 0) helpers.logger.info(`requeued ${requeued} stalled email(s)`);
    },
    [DELETE_EXPIRED_ACCOUNT_TOKENS_TASK]: async (_payload, helpers) => {
      const { deleted } = await deleteExpiredAccountTokens();
      if (deleted > 0) helpers.logger.info(`deleted ${deleted} dead account link(s)`);
    },
  };
  const { transport } = options;
  if (transport) {
    tasks[SEND_EMAIL_TASK] = async (payload, helpers) => {
      const { emailId } = sendEmailPayload.parse(payload);
      await sendOutboxEmail(emailId, transport, { finalAttempt: isFinalAttempt(helpers) });
    };
  }
  return tasks;
}
