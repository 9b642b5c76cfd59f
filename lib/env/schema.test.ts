import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./schema.js";

const runtimeEnv = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/app",
  NEXTAUTH_SECRET: "x".repeat(40),
  STRIPE_SECRET_KEY: "sk_test_abc123",
  STRIPE_PUBLIC_KEY: "pk_test_abc123",
  STRIPE_WEBHOOK_SECRET: "whsec_abc123",
};

function problemsOf(source: Record<string, string | undefined>, runtime = false): string[] {
  try {
    parseEnv(source, { runtime });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
}

describe("parseEnv", () => {
  it("needs nothing for a local build and applies the documented defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(5050);
    expect(env.NEXTAUTH_URL).toBe("http://localhost:5050");
    expect(env.PRORATION_UPGRADE).toBe("always_invoice");
    expect(env.PRORATION_DOWNGRADE).toBe("create_prorations");
    expect(env.BILLING_GRACE_DAYS).toBe(7);
    expect(env.TRUSTED_PROXY_HOPS).toBe(0);
    expect(env.SESSION_ABSOLUTE_LIFETIME_HOURS).toBe(24);
  });

  it("validates the proxy hop count and the session lifetime", () => {
    expect(parseEnv({ TRUSTED_PROXY_HOPS: "1", SESSION_ABSOLUTE_LIFETIME_HOURS: "" })).toMatchObject({ TRUSTED_PROXY_HOPS: 1, SESSION_ABSOLUTE_LIFETIME_HOURS: 24 });
    expect(problemsOf({ TRUSTED_PROXY_HOPS: "-1" }).join("\n")).toMatch(/^TRUSTED_PROXY_HOPS /);
    expect(problemsOf({ TRUSTED_PROXY_HOPS: "one" }).join("\n")).toMatch(/^TRUSTED_PROXY_HOPS /);
    expect(problemsOf({ SESSION_ABSOLUTE_LIFETIME_HOURS: "0" }).join("\n")).toMatch(/^SESSION_ABSOLUTE_LIFETIME_HOURS /);
  });

  it("names every variable a running server is missing", () => {
    const problems = problemsOf({ DATABASE_URL: "postgresql://h/db" }, true);
    expect(problems).toEqual([
      "NEXTAUTH_SECRET is required",
      "STRIPE_SECRET_KEY is required",
      "STRIPE_PUBLIC_KEY is required",
      "STRIPE_WEBHOOK_SECRET is required",
    ]);
  });

  it("treats an empty string as missing", () => {
    expect(problemsOf({ ...runtimeEnv, STRIPE_WEBHOOK_SECRET: "" }, true)).toEqual(["STRIPE_WEBHOOK_SECRET is required"]);
  });

  it("refuses a webhook secret without whsec_", () => {
    const problems = problemsOf({ ...runtimeEnv, STRIPE_WEBHOOK_SECRET: "abc" }, true);
    expect(problems.join("\n")).toMatch(/^STRIPE_WEBHOOK_SECRET must start with whsec_/);
  });

  it("refuses a live key aimed at the local emulator", () => {
    const problems = problemsOf({
      ...runtimeEnv,
      STRIPE_SECRET_KEY: "sk_live_abc",
      STRIPE_PUBLIC_KEY: "pk_live_abc",
      STRIPE_API_URL: "http://127.0.0.1:12111",
    });
    expect(problems.join("\n")).toMatch(/STRIPE_SECRET_KEY is a live key/);
  });

  it("refuses keys of different modes", () => {
    const problems = problemsOf({ ...runtimeEnv, STRIPE_PUBLIC_KEY: "pk_live_abc" });
    expect(problems.join("\n")).toMatch(/STRIPE_PUBLIC_KEY is not in the same mode/);
  });

  it("refuses a database URL that is not PostgreSQL", () => {
    expect(problemsOf({ ...runtimeEnv, DATABASE_URL: "mysql://x" }, true).join("\n")).toMatch(/^DATABASE_URL must be a postgresql/);
  });

  it("derives the Stripe mode and the Stripe.js address", () => {
    expect(parseEnv({ ...runtimeEnv, STRIPE_API_URL: "http://127.0.0.1:12111" })).toMatchObject({
      stripeMode: "local",
      stripeJsUrl: "http://127.0.0.1:12111/v3/stripe.js",
    });
    expect(parseEnv(runtimeEnv)).toMatchObject({ stripeMode: "test", stripeJsUrl: "https://js.stripe.com/v3" });
    expect(parseEnv({ ...runtimeEnv, STRIPE_SECRET_KEY: "sk_live_a", STRIPE_PUBLIC_KEY: "pk_live_a" }).stripeMode).toBe("live");
  });
});

describe("mail settings", () => {
  it("defaults the sender to no-reply at the public host and leaves SMTP unset", () => {
    const env = parseEnv({ NEXTAUTH_URL: "https://billing.example.com" });
    expect(env.MAIL_FROM).toBe("Asset Anchor Billing <no-reply@billing.example.com>");
    expect(env.SMTP_URL).toBeUndefined();
  });

  it("accepts smtp URLs and named senders, and names the variable when one is malformed", () => {
    const env = parseEnv({ SMTP_URL: "smtps://user:pw@mail.example.com:465", MAIL_FROM: "Billing <billing@example.com>" });
    expect(env.SMTP_URL).toBe("smtps://user:pw@mail.example.com:465");
    expect(problemsOf({ SMTP_URL: "http://mail.example.com" })).toEqual([
      expect.stringMatching(/^SMTP_URL must be an smtp/),
    ]);
    expect(problemsOf({ MAIL_FROM: "not an address" })).toEqual([expect.stringMatching(/^MAIL_FROM must be/)]);
  });
});
