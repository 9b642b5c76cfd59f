// Pure so the proxy and its unit test can build the same headers; the caller supplies configuration.

export type SecurityHeaderConfig = {
  nonce: string;
  /** Where the browser loads Stripe.js (the emulator's stand-in in local mode). */
  stripeJsUrl: string;
  /** STRIPE_API_URL in local mode; undefined means the real api.stripe.com. */
  stripeApiUrl?: string | undefined;
  nodeEnv: "development" | "production" | "test";
  /** The public URL (NEXTAUTH_URL); https turns on HSTS and upgrade-insecure-requests in production. */
  publicUrl: string;
};

// Hosts real Stripe.js needs besides its own origin (Stripe's CSP guide): iframes for Elements and 3DS,
// hosted Checkout and the customer portal as form/redirect targets, card-brand images.
const REAL_STRIPE = {
  script: ["https://js.stripe.com", "https://*.js.stripe.com"],
  frame: ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
  connect: ["https://api.stripe.com"],
  form: ["https://checkout.stripe.com", "https://billing.stripe.com"],
  img: ["https://*.stripe.com"],
};

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function buildContentSecurityPolicy(config: SecurityHeaderConfig): string {
  const stripeJsOrigin = new URL(config.stripeJsUrl).origin;
  const local = config.stripeApiUrl !== undefined;
  const apiOrigin = local ? new URL(config.stripeApiUrl as string).origin : "https://api.stripe.com";
  // Local mode: the emulator serves Stripe.js, its frames, the API and hosted Checkout from one origin.
  const stripe = local
    ? { script: [stripeJsOrigin], frame: [stripeJsOrigin, apiOrigin], connect: [stripeJsOrigin, apiOrigin], form: [apiOrigin], img: [stripeJsOrigin] }
    : {
        script: [stripeJsOrigin, ...REAL_STRIPE.script],
        frame: [stripeJsOrigin, ...REAL_STRIPE.frame],
        connect: [stripeJsOrigin, apiOrigin, ...REAL_STRIPE.connect],
        form: REAL_STRIPE.form,
        img: REAL_STRIPE.img,
      };
  const dev = config.nodeEnv === "development";
  const httpsProduction = config.nodeEnv === "production" && config.publicUrl.startsWith("https://");

  // Next.js stamps the nonce on its own inline scripts (it reads it back from this header). No
  // 'strict-dynamic': the Stripe host allowlist must keep working for the script @stripe/stripe-js
  // injects. React's dev tooling needs eval, production does not.
  const directives: [string, string[]][] = [
    ["default-src", ["'self'"]],
    ["script-src", unique(["'self'", `'nonce-${config.nonce}'`, ...stripe.script, ...(dev ? ["'unsafe-eval'"] : [])])],
    // Inline style attributes (React, Stripe's stand-in) need 'unsafe-inline'; a nonce here would disable it.
    ["style-src", ["'self'", "'unsafe-inline'"]],
    ["img-src", unique(["'self'", "data:", "blob:", ...stripe.img])],
    ["font-src", ["'self'"]],
    ["connect-src", unique(["'self'", ...stripe.connect])],
    ["frame-src", unique(stripe.frame)],
    ["form-action", unique(["'self'", ...stripe.form])],
    ["object-src", ["'none'"]],
    ["base-uri", ["'self'"]],
    ["frame-ancestors", ["'none'"]],
  ];
  const policy = directives.map(([name, values]) => `${name} ${values.join(" ")}`);
  if (httpsProduction) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

export function buildSecurityHeaders(config: SecurityHeaderConfig): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": buildContentSecurityPolicy(config),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  };
  if (config.nodeEnv === "production" && config.publicUrl.startsWith("https://")) {
    headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  }
  return headers;
}

/** 128 random bits, base64: unguessable per response. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
