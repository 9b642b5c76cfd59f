// The churn page's numbers on PostgreSQL. Other suites share the database, so this file's rows live in a window
// (the year 2031) nothing else writes to, and every count is read within it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestTenant, uniqueSuffix } from "@/testing/test-db";
import { getChurnReasons } from "./get-churn-reasons";

const tag = uniqueSuffix();
const at = (day: number) => new Date(Date.UTC(2031, 0, day));
const window = { from: at(1), to: at(31) };

beforeAll(async () => {
  const rows = [
    { day: 2, status: "canceled", reason: "cancellation_requested", feedback: "too_expensive", comment: "Too much for us" },
    { day: 3, status: "active", reason: "cancellation_requested", feedback: "too_expensive", comment: null },
    { day: 4, status: "canceled", reason: "cancellation_requested", feedback: "switched_service", comment: "Went elsewhere" },
    { day: 5, status: "canceled", reason: "cancellation_requested", feedback: null, comment: null },
    { day: 6, status: "canceled", reason: "payment_failed", feedback: null, comment: null },
    // Outside the window, and a resumed one (canceledAt cleared): neither counts.
    { day: 40, status: "canceled", reason: "cancellation_requested", feedback: "unused", comment: "Later" },
  ] as const;
  for (const [i, r] of rows.entries()) {
    const tenant = await createTestTenant({ name: `Churn ${tag} ${i}` });
    await getDb().subscription.create({
      data: {
        tenantId: tenant.id,
        stripeSubscriptionId: `sub_churn_${tag}_${i}`,
        status: r.status,
        canceledAt: at(r.day),
        cancelAtPeriodEnd: r.status === "active",
        cancellationReason: r.reason,
        cancellationFeedback: r.feedback,
        cancellationComment: r.comment,
      },
    });
  }
  const resumed = await createTestTenant({ name: `Churn ${tag} resumed` });
  await getDb().subscription.create({
    data: { tenantId: resumed.id, stripeSubscriptionId: `sub_churn_${tag}_r`, status: "active", cancellationFeedback: "unused" },
  });
});
afterAll(async () => {
  await getDb().$disconnect();
});

describe("getChurnReasons", () => {
  it("counts requested cancellations per feedback, apart from involuntary churn, within the window", async () => {
    const churn = await getChurnReasons(window);
    expect(churn.byFeedback).toEqual([
      { feedback: "too_expensive", count: 2 },
      expect.objectContaining({ count: 1 }),
      expect.objectContaining({ count: 1 }),
    ]);
    expect(churn.byFeedback.map((r) => r.feedback).sort()).toEqual(["switched_service", "too_expensive", null].sort());
    expect(churn.requested).toBe(4);
    expect(churn.involuntary).toBe(1);
  });

  it("lists the newest comments first, with the tenant", async () => {
    const churn = await getChurnReasons(window);
    expect(churn.comments.map((c) => [c.comment, c.tenantName])).toEqual([
      ["Went elsewhere", `Churn ${tag} 2`],
      ["Too much for us", `Churn ${tag} 0`],
    ]);
  });
});
