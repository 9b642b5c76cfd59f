import "server-only";
import type { JobHelpers, TaskList } from "graphile-worker";
import { z } from "zod";
import { getLogger } from "@/lib/log";
import { SEND_EMAIL_TASK } from "@/lib/mail/queue-email";
import { sendOutboxEmail } from "@/lib/mail/send-email";
import type { MailTransport } from "@/lib/mail/transport";
import { PERIODIC_JOBS, type PeriodicJob } from "./periodic-jobs";

/** The periodic jobs as a graphile-worker crontab. */
export const CRONTAB = PERIODIC_JOBS.map((job) => `${job.schedule} ${job.task}`).join("\n");

const sendEmailPayload = z.object({ emailId: z.string().min(1) });

/** graphile-worker counts the attempt it is running: the last one marks the row failed rather than retrying. */
const isFinalAttempt = (helpers: JobHelpers) => helpers.job.attempts >= helpers.job.max_attempts;

const periodicTask = (job: PeriodicJob) => async () => {
  const figures = await job.run();
  if (figures) getLogger().info({ job: job.task, ...figures }, "periodic job");
};

/**
 * What this process's worker runs. Without a mail transport the send task is left out: graphile-worker then
 * never takes those jobs, so emails wait in the outbox (queued) for an instance that can send them.
 */
export function buildTaskList(options: { transport: MailTransport | null }): TaskList {
  const tasks: TaskList = Object.fromEntries(PERIODIC_JOBS.map((job) => [job.task, periodicTask(job)]));
  const { transport } = options;
  if (transport) {
    tasks[SEND_EMAIL_TASK] = async (payload, helpers) => {
      const { emailId } = sendEmailPayload.parse(payload);
      await sendOutboxEmail(emailId, transport, { finalAttempt: isFinalAttempt(helpers) });
    };
  }
  return tasks;
}
