import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HANDLED_EVENT_TYPES } from "@/lib/webhooks/event-registry";

// The README tells operators which events to subscribe; a list that drifts from the code loses effects in
// production (it once left out invoice_payment.paid, the only link from a charge to its invoice).
const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");

describe("README's event lists", () => {
  it("the production list is exactly HANDLED_EVENT_TYPES", () => {
    const block = /<!-- handled-events:start -->([\s\S]*?)<!-- handled-events:end -->/.exec(readme)?.[1] ?? "";
    const listed = [...block.matchAll(/^- `([a-z_.]+)`$/gm)].map((m) => m[1]);
    expect(listed).toEqual([...HANDLED_EVENT_TYPES]);
  });

  it("the stripe listen --events line is exactly HANDLED_EVENT_TYPES", () => {
    const line = /--events ([a-z_.,]+)/.exec(readme)?.[1] ?? "";
    expect(line.split(",")).toEqual([...HANDLED_EVENT_TYPES]);
  });
});
