// Billing emails as a tenant receives them: the app's worker sends through SMTP to the stack's local mail catcher,
// which the test reads (readMailTo). One email per triggering event, whatever the deliveries do.
import { expect, test } from "@playwright/test";
import {
  advanceClock,
  asAdmin,
  clockOf,
  listMailTo,
  periodEndOf,
  query,
  readMailTo,
  saveCardThatFailsCharges,
  setWebhookChaos,
  signUp,
  signUpAndSubscribe,
  stripeClient,
  typeCard,
  uniqueEmail,
} from "./support";

/** The billing emails among an inbox's mail (sign-up also sends the address's confirmation link). */
function billingMail<Mail extends { subject: string }>(mails: Mail[]): Mail[] {
  return mails.filter((mail) => !/^Confirm your email address/.test(mail.subject));
}

/** Long enough for a late duplicate delivery (chaos delays) and the worker to have sent anything it was going to. */
const SETTLE_MS = 4000;

test("a paid invoice sends one receipt, with the invoice's links", async ({ page }) => {
  const email = await signUpAndSubscribe(page, "Receipt Works", "starter-month");
  const [receipt] = await readMailTo(email, { subject: /^Receipt/ });
  expect(receipt!.subject).toBe("Receipt: $19.00 paid for Starter");
  expect(receipt!.text).toContain("Receipt Works paid $19.00 for the Starter plan");
  const invoice = receipt!.text.match(/https?:\/\/\S+\/_local\/invoices\/(in_\w+)(?=\s|$)/)?.[1];
  expect(invoice, receipt!.text).toBeTruthy();
  expect((await stripeClient().invoices.retrieve(invoice!)).status).toBe("paid");
  expect(receipt!.html).toContain(`/_local/invoices/${invoice}/pdf`);

  await page.waitForTimeout(SETTLE_MS);
  expect(billingMail(await listMailTo(email)).map((mail) => mail.subject)).toEqual([receipt!.subject]);
});

test("a failed renewal under duplicated and reordered deliveries sends exactly one payment-failed email", async ({ page }) => {
  const email = await signUpAndSubscribe(page, "Dunning Duplicates", "starter-month");
  await saveCardThatFailsCharges(page);
  const clock = await clockOf(email);
  expect(clock, "the e2e stack must put each customer on a test clock").toBeTruthy();

  await setWebhookChaos({ seed: 16, duplicateRate: 0.6, reorderWindow: 4, maxDelayMs: 300 });
  try {
    await advanceClock(clock as string, (await periodEndOf(email)) + 2 * 3600);
    const [failed] = await readMailTo(email, { subject: /^Payment failed/, timeoutMs: 30_000 });
    expect(failed!.subject).toBe("Payment failed: $19.00 for Dunning Duplicates");
    expect(failed!.text).toMatch(/We will try again on \w+ \d+, \d{4}/);
    expect(failed!.text).toMatch(/\/billing\b/);
    await page.waitForTimeout(SETTLE_MS);
  } finally {
    await setWebhookChaos(false);
  }
  const failures = (await listMailTo(email)).filter((mail) => mail.subject.startsWith("Payment failed"));
  expect(failures).toHaveLength(1);
  // The chaos did duplicate deliveries of this tenant's events: the single email is not for want of copies.
  const customer = (await stripeClient().customers.list({ email, limit: 1 })).data[0]!;
  const deliveries = (await (
    await fetch(`${process.env.E2E_STRIPE_URL}/_local/deliveries`, { headers: { authorization: `Bearer ${process.env.E2E_STRIPE_SECRET_KEY}` } })
  ).json()) as { data?: { duplicate?: boolean; event?: string }[] } | { duplicate?: boolean }[];
  const log = Array.isArray(deliveries) ? deliveries : (deliveries.data ?? []);
  expect(log.some((entry) => entry.duplicate), `duplicated deliveries for ${customer.id}`).toBe(true);
});

test("billing emails go where the tenant says, and an admin's resend is one more copy, audited", async ({ page, browser }) => {
  const owner = await signUp(page, "Settings Matter");
  const accounts = uniqueEmail("accounts");
  await page.goto("/billing");
  const form = page.getByTestId("billing-emails-form");
  // A malformed address never leaves the browser (type=email); the server's own check is in the schema's test.
  await form.getByLabel("Send billing emails to").fill("not an address");
  await form.getByRole("button", { name: "Save email settings" }).click();
  expect(await form.getByLabel("Send billing emails to").evaluate((input: HTMLInputElement) => input.validity.valid)).toBe(false);
  await form.getByLabel("Send billing emails to").fill(accounts);
  await form.getByRole("button", { name: "Save email settings" }).click();
  await expect(page.getByTestId("billing-emails-saved")).toBeVisible();

  await page.goto("/checkout/starter-month");
  await typeCard(page, "4242 4242 4242 4242");
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
  const [receipt] = await readMailTo(accounts, { subject: /^Receipt/ });
  expect(billingMail(await listMailTo(owner))).toEqual([]);

  const admin = await asAdmin(browser);
  const [tenant] = await query<{ id: string }>(`select "tenantId" as id from "Email" where "to" = $1`, [accounts]);
  await admin.goto(`/admin/tenants/${tenant!.id}`);
  const row = admin.getByTestId("email-row").filter({ hasText: receipt!.subject });
  await expect(row).toContainText("sent");
  await row.getByRole("button", { name: `Resend: ${receipt!.subject}` }).dblclick();
  await expect(row.getByTestId("action-ok")).toHaveText("Queued again.");
  await readMailTo(accounts, { subject: /^Receipt/, count: 2 });
  await page.waitForTimeout(SETTLE_MS);
  expect((await listMailTo(accounts)).filter((mail) => mail.subject === receipt!.subject)).toHaveLength(2);
  await admin.reload();
  await expect(admin.getByTestId("email-row")).toHaveCount(2);
  await expect(admin.getByTestId("audit-sentence").filter({ hasText: `Resent the email "${receipt!.subject}" to ${accounts}.` })).toHaveCount(1);
});
