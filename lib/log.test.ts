import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { redactText, redactValue } from "./log";

describe("redaction", () => {
  it("masks card numbers however they are spaced", () => {
    for (const card of ["4242424242424242", "4242 4242 4242 4242", "4000-0025-0000-3155"]) {
      expect(redactText(`card ${card} declined`)).toBe("card [redacted-card] declined");
    }
  });

  it("masks API keys, webhook secrets, client secrets and database URLs", () => {
    const text =
      "sk_test_51Habc pk_live_9x whsec_abc+/= pi_3Nabc_secret_XYZ seti_1Q_secret_ab postgresql://u:p@host:5432/db";
    expect(redactText(text)).toBe(Array(6).fill("[redacted]").join(" "));
  });

  it("keeps ids and amounts that are not secrets", () => {
    expect(redactText("evt_1NabcDEF sub_123 amount 4900")).toBe("evt_1NabcDEF sub_123 amount 4900");
  });

  it("masks sensitive keys at any depth without touching the input", () => {
    const input = { data: { object: { id: "pi_1", client_secret: "pi_1_secret_2", card: { number: "4242", last4: "4242" } } } };
    expect(redactValue(input)).toEqual({
      data: { object: { id: "pi_1", client_secret: "[redacted]", card: { number: "[redacted]", last4: "4242" } } },
    });
    expect(input.data.object.client_secret).toBe("pi_1_secret_2");
  });
});

describe("batched stdout", () => {
  // Lines wait up to 50 ms to go out together: none may be lost when the process ends before that.
  const linesWritten = (how: string, count: number) => {
    const child = spawnSync(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "testing/log/log-then-exit.ts", how, String(count)],
      { encoding: "utf8", env: { ...process.env, LOG_LEVEL: "info" } },
    );
    return child.stdout.split("\n").filter((line) => line.includes("logged before exit")).length;
  };

  it.each([
    ["ending by itself", "natural", 3],
    ["calling process.exit", "exit", 3],
    ["dying of an uncaught error", "throw", 3],
    ["writing more than one batch", "exit", 500],
  ])("writes every line of a process %s", (_, how, count) => {
    expect(linesWritten(how, count)).toBe(count);
  });
});
