// The one place that reads and validates configuration. Plain JS so next.config.js can import it
// and a bad environment fails at start with a message that names the variable.
import { z } from "zod";

/** Empty strings count as missing, so `FOO=` in a shell or .env file never passes as a value. */
const optionalString = () =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().optional());

/** A whole number in [min, max]; unset or empty takes the default. */
const integerSetting = (min, max, fallback) =>
  z.preprocess((v) => (v === undefined || (typeof v === "string" && v.trim() === "") ? fallback : v), z.coerce.number().int().min(min).max(max));

const prorationBehavior = z.enum(["always_invoice", "create_prorations", "none"]);

const booleanFlag = (fallback) =>
  z.preprocess(
    (v) => (v === undefined || v === "" ? fallback : v === "1" || v === "true"),
    z.boolean(),
  );

const serverSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(5050),
    // The interface a local run (npm start) binds the app and the emulator to; unset: loopback only.
    HOSTNAME: optionalString(),
    NEXTAUTH_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().url().optional()),
    NEXTAUTH_SECRET: optionalString().pipe(
      z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
    ),
    DATABASE_URL: optionalString().pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection string")
        .optional(),
    ),
    // Connections per server process (each WEB_CONCURRENCY worker has its own). Unset: twice the cores plus one, the
    // rule Prisma's own pool and PostgreSQL's wiki give. More is slower where the database shares the machine: on 2
    // cores, 10 connections gave the webhook path a c64 p99 of 892 ms where 4 gave 194 ms (npm run bench:webhooks).
    DATABASE_POOL_SIZE: optionalString().pipe(z.coerce.number().int().min(1).max(200).optional()),
    STRIPE_SECRET_KEY: optionalString().pipe(
      z
        .string()
        .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, "must look like sk_test_… or sk_live_…")
        .optional(),
    ),
    STRIPE_PUBLIC_KEY: optionalString().pipe(
      z.string().regex(/^pk_(test|live)_[A-Za-z0-9_]+$/, "must look like pk_test_… or pk_live_…").optional(),
    ),
    STRIPE_WEBHOOK_SECRET: optionalString().pipe(
      z.string().regex(/^whsec_[A-Za-z0-9_+/=]+$/, "must start with whsec_").optional(),
    ),
    // The previous secret while one is being rolled: both are accepted until it is removed.
    STRIPE_WEBHOOK_SECRET_PREVIOUS: optionalString().pipe(
      z.string().regex(/^whsec_[A-Za-z0-9_+/=]+$/, "must start with whsec_").optional(),
    ),
    // Set only for the local emulator (http://127.0.0.1:12111); unset means api.stripe.com.
    STRIPE_API_URL: optionalString().pipe(z.string().url().optional()),
    // Where the browser loads Stripe.js from; derived from STRIPE_API_URL in local mode.
    STRIPE_JS_URL: optionalString().pipe(z.string().url().optional()),
    BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
    // Days the webhook ledger keeps a settled event's (redacted) payload; the row itself stays for exactly-once.
    WEBHOOK_PAYLOAD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    PRORATION_UPGRADE: prorationBehavior.default("always_invoice"),
    PRORATION_DOWNGRADE: prorationBehavior.default("create_prorations"),
    // A free trial started without a card that reaches its end still without one: Stripe cancels or pauses it
    // (trial_settings.end_behavior.missing_payment_method).
    TRIAL_MISSING_PAYMENT_METHOD: z.enum(["cancel", "pause"]).default("cancel"),
    CHECKOUT_HOSTED_ENABLED: booleanFlag(true),
    BILLING_PORTAL_ENABLED: booleanFlag(false),
    // Stripe Tax (automatic_tax) on subscriptions, Checkout and previews. Off by default: real Stripe refuses it
    // until Stripe Tax is activated with registrations; a local run against the emulator turns it on.
    STRIPE_TAX_ENABLED: booleanFlag(false),
    // Emulator or test mode only: each new Stripe customer gets its own test clock, so e2e runs can move a
    // tenant past renewals and period ends (see lib/billing/ensure-stripe-customer.ts).
    STRIPE_TEST_CLOCKS: booleanFlag(false),
    // Local runs only: the password the orchestrator gives the seeded demo accounts.
    DEMO_PASSWORD: optionalString(),
    // `npm run admin:create` in CI: the new admin's password instead of a prompt.
    ADMIN_PASSWORD: optionalString(),
    // Resilience tests only: the share of webhook events whose handler throws after writing (0–1). Honoured
    // only when Stripe is the local emulator (see lib/webhooks/fault-injection.ts).
    WEBHOOK_FAULT_RATE: z.coerce.number().min(0).max(1).default(0),
    // How many proxies in front of the app append to X-Forwarded-For (a load balancer: 1). 0 ignores the header
    // and takes the TCP peer, so a client cannot pick the address the login and sign-up limits count against.
    TRUSTED_PROXY_HOPS: integerSetting(0, 10, 0),
    // Sessions end this many hours after sign-in however often they are renewed (see lib/auth/options.ts).
    SESSION_ABSOLUTE_LIFETIME_HOURS: integerSetting(1, 24 * 90, 24),
    // Sign-ups one client address may make per hour (the e2e stack, one address for a whole suite, raises it).
    SIGN_UPS_PER_ADDRESS_PER_HOUR: integerSetting(1, 100_000, 50),
    // Outgoing mail: an SMTP server (smtp://user:pass@host:587, smtps://… for implicit TLS). Unset: emails stay
    // queued in the outbox and the worker logs why (a local run starts its own mail catcher and sets it).
    SMTP_URL: optionalString().pipe(
      z.string().regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL").optional(),
    ),
    // The From header: an address, or "Name <address>". Unset: Asset Anchor Billing <no-reply@NEXTAUTH_URL's host>.
    MAIL_FROM: optionalString().pipe(
      z
        .string()
        .regex(/^(?:[^<>@\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, "must be an address or Name <address>")
        .optional(),
    ),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    const live = env.STRIPE_SECRET_KEY?.includes("_live_") ?? false;
    if (live && env.STRIPE_TEST_CLOCKS) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_TEST_CLOCKS"], message: "cannot be used with a live key (test clocks exist in test mode only)" });
    }
    if (live && env.STRIPE_API_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_SECRET_KEY"],
        message: "is a live key but STRIPE_API_URL points at a local emulator; a live key must never be sent to a fake",
      });
    }
    if (env.STRIPE_PUBLIC_KEY && env.STRIPE_SECRET_KEY) {
      const publicLive = env.STRIPE_PUBLIC_KEY.startsWith("pk_live_");
      if (publicLive !== live) {
        ctx.addIssue({
          code: "custom",
          path: ["STRIPE_PUBLIC_KEY"],
          message: "is not in the same mode (test/live) as STRIPE_SECRET_KEY",
        });
      }
    }
  });

/** Variables a running server cannot do without; the build may go without them. */
const REQUIRED_AT_RUNTIME = [
  "DATABASE_URL",
  "NEXTAUTH_SECRET",
  "STRIPE_SECRET_KEY",
  "STRIPE_PUBLIC_KEY",
  "STRIPE_WEBHOOK_SECRET",
];

export class EnvError extends Error {
  constructor(problems) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
    this.problems = problems;
  }
}

/**
 * @param {Record<string, string | undefined>} source
 * @param {{ runtime?: boolean }} [options] runtime: also demand what a serving process needs
 */
export function parseEnv(source, options = {}) {
  const result = serverSchema.safeParse(source);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`);
  if (result.success && options.runtime) {
    for (const name of REQUIRED_AT_RUNTIME) {
      if (result.data[name] === undefined) problems.push(`${name} is required`);
    }
  }
  if (problems.length > 0 || !result.success) throw new EnvError(problems);
  return deriveSettings(result.data);
}

function deriveSettings(raw) {
  const stripeMode = raw.STRIPE_API_URL
    ? "local"
    : raw.STRIPE_SECRET_KEY?.includes("_live_")
      ? "live"
      : "test";
  const stripeJsUrl =
    raw.STRIPE_JS_URL ??
    (raw.STRIPE_API_URL ? new URL("/v3/stripe.js", raw.STRIPE_API_URL).toString() : "https://js.stripe.com/v3");
  const nextAuthUrl = raw.NEXTAUTH_URL ?? `http://localhost:${raw.PORT}`;
  return {
    ...raw,
    NEXTAUTH_URL: nextAuthUrl,
    MAIL_FROM: raw.MAIL_FROM ?? `Asset Anchor Billing <no-reply@${new URL(nextAuthUrl).hostname}>`,
    stripeMode,
    stripeJsUrl,
  };
}
