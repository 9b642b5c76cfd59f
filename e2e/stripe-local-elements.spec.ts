// The emulator's Stripe.js stand-in under a real PaymentElement from @stripe/react-stripe-js, in Chromium.
// The emulator runs in-process; the page (e2e/fixtures/elements-page) is bundled with esbuild and served
// from a second origin, loading `<emulator>/v3/stripe.js` first, exactly as the app does in local mode.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { build } from "esbuild";
import Stripe from "stripe";
import { startStripeLocal } from "@asset-anchor/stripe-local";

const PUBLISHABLE_KEY = "pk_test_stripe_local_elements";
const CARD_VISA = "4242424242424242";

type Emulator = Awaited<ReturnType<typeof startStripeLocal>>;

let emulator: Emulator;
let pageServer: Server;
let pageOrigin = "";
let stripe: Stripe;
let priceId = "";

async function bundleFixture(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, "fixtures/elements-page/main.tsx")],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2020",
    jsx: "automatic",
    // Development React, so StrictMode's destroy-and-recreate of the Element really happens.
    define: { "process.env.NODE_ENV": '"development"' },
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild produced no bundle");
  return output.text;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

test.beforeAll(async () => {
  emulator = await startStripeLocal({ port: 0 });
  const bundle = await bundleFixture();
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Elements fixture</title>
<script src="${emulator.url}/v3/stripe.js"></script>
</head>
<body><div id="root"></div><script src="/bundle.js"></script></body>
</html>`;
  pageServer = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fixture");
    if (url.pathname === "/bundle.js") {
      res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" }).end(bundle);
    } else if (url.pathname === "/done") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end("<!doctype html><title>Done</title><p>Returned</p>");
    } else if (url.pathname === "/") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  pageOrigin = await listen(pageServer);

  stripe = new Stripe("sk_test_stripe_local_elements", {
    host: "127.0.0.1",
    port: emulator.port,
    protocol: "http",
    telemetry: false,
    maxNetworkRetries: 0,
  });
  const price = await stripe.prices.create({
    currency: "usd",
    unit_amount: 2400,
    recurring: { interval: "month" },
    product_data: { name: "Elements page test plan" },
  });
  priceId = price.id;
});

test.afterAll(async () => {
  await new Promise((resolve) => pageServer?.close(resolve));
  await emulator?.stop();
});

// What the app's checkout does: an incomplete subscription whose first invoice carries the Elements secret.
async function newCheckout() {
  const customer = await stripe.customers.create({ email: `elements-${Date.now()}@example.test` });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: priceId }],
    payment_behavior: "default_incomplete",
    payment_settings: { save_default_payment_method: "on_subscription" },
    expand: ["latest_invoice.confirmation_secret"],
  });
  const invoice = subscription.latest_invoice;
  if (!invoice || typeof invoice === "string") throw new Error("latest_invoice was not expanded");
  const clientSecret = invoice.confirmation_secret?.client_secret;
  if (!clientSecret) throw new Error("the first invoice has no confirmation_secret");
  const paymentIntentId = /^(pi_[A-Za-z0-9]+?)_secret_/.exec(clientSecret)?.[1];
  if (!paymentIntentId) throw new Error(`unexpected client secret ${clientSecret}`);
  return { subscriptionId: subscription.id, clientSecret, paymentIntentId };
}

// Every request the page makes: nothing may go to stripe.com, and card numbers only to the emulator.
function watchRequests(page: Page) {
  const seen: { url: string; body: string }[] = [];
  page.on("request", (request) => seen.push({ url: request.url(), body: request.postData() ?? "" }));
  return {
    confirms: () => seen.filter((r) => r.url.includes("/confirm")),
    assertCardDataStayedLocal() {
      expect(seen.filter((r) => r.url.includes("stripe.com")).map((r) => r.url)).toEqual([]);
      for (const r of seen.filter((r) => /\d{16}/.test(decodeURIComponent(r.body)))) {
        expect(new URL(r.url).origin).toBe(emulator.url.replace(/\/$/, ""));
      }
    },
  };
}

async function openCheckout(page: Page, clientSecret: string, query = "") {
  await page.goto(`${pageOrigin}/?pk=${PUBLISHABLE_KEY}&cs=${encodeURIComponent(clientSecret)}${query}`);
  await expect(page.getByTestId("element-state")).toHaveText("incomplete");
}

async function typeCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiration date").fill("12 / 34");
  await page.getByLabel("Security code").fill("123");
}

test("4242 pays the first invoice and activates the subscription", async ({ page }) => {
  const checkout = await newCheckout();
  const requests = watchRequests(page);
  await openCheckout(page, checkout.clientSecret);

  await typeCard(page, "4242 4242 4242 4242");
  await expect(page.getByLabel("Card number")).toHaveValue("4242 4242 4242 4242");
  await expect(page.getByLabel("Expiration date")).toHaveValue("12 / 34");
  await expect(page.getByTestId("element-state")).toHaveText("complete");
  await page.getByRole("button", { name: "Pay" }).click();

  await expect(page.getByRole("status")).toHaveText(`Payment succeeded: ${checkout.paymentIntentId}`);
  expect((await stripe.paymentIntents.retrieve(checkout.paymentIntentId)).status).toBe("succeeded");
  expect((await stripe.subscriptions.retrieve(checkout.subscriptionId)).status).toBe("active");
  expect(requests.confirms()).toHaveLength(1);
  requests.assertCardDataStayedLocal();
});

test("redirect 'always' sends the browser to return_url with the intent and redirect_status", async ({ page }) => {
  const checkout = await newCheckout();
  await openCheckout(page, checkout.clientSecret, "&redirect=always");

  await typeCard(page, "4242 4242 4242 4242");
  await page.getByRole("button", { name: "Pay" }).click();
  await page.waitForURL(`${pageOrigin}/done?**`);
  const returned = new URL(page.url());
  expect(returned.searchParams.get("payment_intent")).toBe(checkout.paymentIntentId);
  expect(returned.searchParams.get("payment_intent_client_secret")).toBe(checkout.clientSecret);
  expect(returned.searchParams.get("redirect_status")).toBe("succeeded");
  expect((await stripe.paymentIntents.retrieve(checkout.paymentIntentId)).status).toBe("succeeded");
});

test("0002 shows the decline, leaves the payment open, and a second card then succeeds", async ({ page }) => {
  const checkout = await newCheckout();
  const requests = watchRequests(page);
  await openCheckout(page, checkout.clientSecret);

  await typeCard(page, "4000 0000 0000 0002");
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByRole("status")).toHaveText("Your card was declined.");
  const declined = await stripe.paymentIntents.retrieve(checkout.paymentIntentId);
  expect(declined.status).not.toBe("succeeded");
  expect(declined.last_payment_error?.code).toBe("card_declined");

  await page.getByLabel("Card number").fill(CARD_VISA);
  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByRole("status")).toHaveText(`Payment succeeded: ${checkout.paymentIntentId}`);
  expect((await stripe.paymentIntents.retrieve(checkout.paymentIntentId)).status).toBe("succeeded");
  requests.assertCardDataStayedLocal();
});

test("3155 asks for 3D Secure; completing it pays", async ({ page }) => {
  const checkout = await newCheckout();
  const requests = watchRequests(page);
  await openCheckout(page, checkout.clientSecret);

  // Key by key, as a person types: the number formats itself and focus moves on when a field is complete.
  await page.getByLabel("Card number").pressSequentially("4000002500003155");
  await expect(page.getByLabel("Expiration date")).toBeFocused();
  await page.keyboard.type("1234");
  await expect(page.getByLabel("Security code")).toBeFocused();
  await page.keyboard.type("123");
  await expect(page.getByLabel("Card number")).toHaveValue("4000 0025 0000 3155");
  await expect(page.getByLabel("Expiration date")).toHaveValue("12 / 34");
  await page.getByRole("button", { name: "Pay" }).click();
  const dialog = page.getByRole("dialog", { name: "3D Secure authentication" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("$24.00");
  expect((await stripe.paymentIntents.retrieve(checkout.paymentIntentId)).status).toBe("requires_action");

  await dialog.getByRole("button", { name: "Complete authentication" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status")).toHaveText(`Payment succeeded: ${checkout.paymentIntentId}`);
  expect((await stripe.paymentIntents.retrieve(checkout.paymentIntentId)).status).toBe("succeeded");
  requests.assertCardDataStayedLocal();
});

test("3155 with a failed 3D Secure challenge shows the authentication failure", async ({ page }) => {
  const checkout = await newCheckout();
  await openCheckout(page, checkout.clientSecret);

  await typeCard(page, "4000 0025 0000 3155");
  await page.getByRole("button", { name: "Pay" }).click();
  const dialog = page.getByRole("dialog", { name: "3D Secure authentication" });
  await dialog.getByRole("button", { name: "Fail authentication" }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByRole("status")).toHaveText(
    "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
  );
  const intent = await stripe.paymentIntents.retrieve(checkout.paymentIntentId);
  expect(intent.status).toBe("requires_payment_method");
  expect(intent.last_payment_error?.code).toBe("payment_intent_authentication_failure");
});

test("a number failing the Luhn check is flagged in the form and never sent", async ({ page }) => {
  const checkout = await newCheckout();
  const requests = watchRequests(page);
  await openCheckout(page, checkout.clientSecret);

  await page.getByLabel("Card number").fill("4242 4242 4242 4241");
  await expect(page.getByText("Your card number is invalid.")).toBeVisible();
  await expect(page.getByLabel("Card number")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Expiration date").fill("12 / 34");
  await page.getByLabel("Security code").fill("123");
  await expect(page.getByTestId("element-state")).toHaveText("incomplete");

  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByRole("status")).toHaveText("Your card number is invalid.");
  expect(requests.confirms()).toEqual([]);
  expect((await stripe.paymentIntents.retrieve(checkout.paymentIntentId)).status).toBe("requires_payment_method");
});

test("an empty form is refused inline without a request", async ({ page }) => {
  const checkout = await newCheckout();
  const requests = watchRequests(page);
  await openCheckout(page, checkout.clientSecret);

  await page.getByRole("button", { name: "Pay" }).click();
  await expect(page.getByRole("status")).toHaveText("Your card number is incomplete.");
  await expect(page.getByText("Your card's expiration date is incomplete.")).toBeVisible();
  await expect(page.getByText("Your card's security code is incomplete.")).toBeVisible();
  expect(requests.confirms()).toEqual([]);
});

test("confirmSetup saves a card on a SetupIntent", async ({ page }) => {
  const customer = await stripe.customers.create({ email: `elements-setup-${Date.now()}@example.test` });
  const setupIntent = await stripe.setupIntents.create({ customer: customer.id, usage: "off_session" });
  if (!setupIntent.client_secret) throw new Error("the SetupIntent has no client_secret");
  const requests = watchRequests(page);
  await openCheckout(page, setupIntent.client_secret);

  await typeCard(page, "4242 4242 4242 4242");
  await page.getByRole("button", { name: "Save card" }).click();
  await expect(page.getByRole("status")).toHaveText(`Setup succeeded: ${setupIntent.id}`);
  const saved = await stripe.setupIntents.retrieve(setupIntent.id);
  expect(saved.status).toBe("succeeded");
  if (typeof saved.payment_method !== "string") throw new Error("the SetupIntent has no payment method");
  const paymentMethod = await stripe.paymentMethods.retrieve(saved.payment_method);
  expect(paymentMethod.customer).toBe(customer.id);
  expect(paymentMethod.card?.last4).toBe("4242");
  requests.assertCardDataStayedLocal();
});

// Stripe's deferred-intent flow, as the app's checkout uses it: the Element exists before any intent does.
test("deferred intent: mode/amount/currency, submit() before confirmPayment({clientSecret}), options checked", async ({ page }) => {
  await page.goto(`${pageOrigin}/?pk=${PUBLISHABLE_KEY}&cs=`);
  const invalid = await page.evaluate((pk) => {
    const s = (window as unknown as { Stripe: (pk: string) => { elements: (o: object) => unknown } }).Stripe(pk);
    const errors: string[] = [];
    for (const options of [{ mode: "subscription", currency: "usd" }, { mode: "subscription", amount: 2400 }, { mode: "sometimes", amount: 1, currency: "usd" }]) {
      try {
        s.elements(options);
        errors.push("accepted");
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    return errors;
  }, PUBLISHABLE_KEY);
  expect(invalid.map((m) => m === "accepted")).toEqual([false, false, false]);

  // Mount a deferred Payment Element next to the fixture, type a card, and confirm against a subscription
  // created only now (after submit), as the app does.
  await page.evaluate((pk) => {
    type Group = { create: (t: string) => { mount: (n: Element) => void }; submit: () => Promise<{ error?: { message: string } }> };
    const s = (window as unknown as { Stripe: (pk: string) => { elements: (o: object) => Group } }).Stripe(pk);
    const group = s.elements({ mode: "subscription", amount: 2400, currency: "usd" });
    const node = document.createElement("div");
    node.id = "deferred";
    document.body.appendChild(node);
    group.create("payment").mount(node);
    Object.assign(window, { __deferred: { s, group } });
  }, PUBLISHABLE_KEY);
  const deferred = page.locator("#deferred");
  await deferred.getByLabel("Card number").fill("4242 4242 4242 4242");
  await deferred.getByLabel("Expiration date").fill("12 / 34");
  await deferred.getByLabel("Security code").fill("123");
  const checkout = await newCheckout();
  const confirm = (submitFirst: boolean, clientSecret: string | null) =>
    page.evaluate(
      async ({ submitFirst, clientSecret }) => {
        const { s, group } = (window as unknown as { __deferred: { s: { confirmPayment: (o: object) => Promise<{ error?: { message: string }; paymentIntent?: { status: string } }> }; group: { submit: () => Promise<{ error?: unknown }> } } }).__deferred;
        if (submitFirst) {
          const submitted = await group.submit();
          if (submitted.error) return { error: "submit failed" };
        }
        const result = await s.confirmPayment({ elements: group, ...(clientSecret && { clientSecret }), redirect: "if_required" });
        return { error: result.error?.message ?? null, status: result.paymentIntent?.status ?? null };
      },
      { submitFirst, clientSecret },
    );
  expect((await confirm(false, checkout.clientSecret)).error).toMatch(/elements\.submit\(\) must be called/);
  expect((await confirm(true, null)).error).toMatch(/need the clientSecret/);
  expect(await confirm(true, checkout.clientSecret)).toEqual({ error: null, status: "succeeded" });
  expect((await stripe.subscriptions.retrieve(checkout.subscriptionId)).status).toBe("active");
});
