import { describe, expect, it } from "vitest";
import { getWebhookRejections, recordWebhookRejection } from "./rejection-counter";

describe("webhook rejection counter", () => {
  it("counts rejections by reason and returns copies", () => {
    const before = getWebhookRejections();
    recordWebhookRejection("Invalid signature");
    recordWebhookRejection("Invalid signature");
    recordWebhookRejection("Payload too large");
    const after = getWebhookRejections();
    expect(after.total - before.total).toBe(3);
    expect((after.byReason["Invalid signature"] ?? 0) - (before.byReason["Invalid signature"] ?? 0)).toBe(2);
    expect(after.lastAt).toBeInstanceOf(Date);
    after.byReason["Invalid signature"] = 0;
    expect(getWebhookRejections().byReason["Invalid signature"]).toBeGreaterThan(0);
  });
});
