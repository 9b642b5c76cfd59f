// The billing-emails jobs a delivery queued, run here and now as a server's job worker would run them
// (graphile-worker's runOnce with the app's own task), so a test can look at the outbox right after delivering.
import { runOnce } from "graphile-worker";
import { buildTaskList } from "@/lib/jobs/task-list";
import { BILLING_EMAILS_TASK } from "@/lib/webhooks/billing-emails-job";

export async function runBillingEmailJobs(): Promise<void> {
  const task = buildTaskList({ transport: null })[BILLING_EMAILS_TASK];
  if (!task) throw new Error(`the task list has no ${BILLING_EMAILS_TASK} task`);
  await runOnce({ connectionString: process.env.DATABASE_URL, taskList: { [BILLING_EMAILS_TASK]: task } });
}
