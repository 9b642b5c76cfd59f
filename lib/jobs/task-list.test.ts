import { parseCrontab } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { PERIODIC_JOBS } from "./periodic-jobs";
import { buildTaskList, CRONTAB } from "./task-list";

describe("the job queue's tasks", () => {
  it("schedules every periodic job with a valid crontab line and a task to run it", () => {
    const items = parseCrontab(CRONTAB);
    expect(items.map((item) => item.task)).toEqual(PERIODIC_JOBS.map((job) => job.task));
    const tasks = buildTaskList({ transport: null });
    for (const job of PERIODIC_JOBS) expect(typeof tasks[job.task]).toBe("function");
  });

  it("leaves the send task out without a mail transport, so emails wait for an instance that can send", () => {
    expect(buildTaskList({ transport: null })["send-email"]).toBeUndefined();
    expect(typeof buildTaskList({ transport: { sendMail: async () => ({}) } })["send-email"]).toBe("function");
  });
});
