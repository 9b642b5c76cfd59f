// Free trials through their end on the tenant's test clock: with a card (the trial turns into the paid plan and
// the first real invoice is charged) and without one (the trial is canceled, as TRIAL_MISSING_PAYMENT_METHOD's
// default says); then the one-trial rule.
import { expect, test, type Page } from "@playwright/test";
import { formatDate } from "@/lib/format/dates";
import { advanceClock, clockOf, reloadUntil, signUp, stripeClient, subscriptionsFor, typeCard } from "./support";

async function startTrial(page: Page, planKey: string, card: string | null) {
  await page.goto(`/checkout/${planKey}`);
  await page.getByTestId("start-trial-link").click();
  await expect(page.getByTestId("due-today")).toHaveText("$0.00");
  if (card) {
    await typeCard(page, card);
    await page.getByTestId("trial-with-card").click();
  } else {
    await page.getByTestId("trial-without-card").click();
  }
  await expect(page.getByTestId("checkout-success")).toContainText("Your free trial has started", { timeout: 30_000 });
}

async function trialOf(email: string) {
  const [sub] = await subscriptionsFor(email);
  if (!sub?.trial_end) throw new Error("no trial in Stripe");
  return sub;
}

test("a trial with a card: $0 today, days left on the dashboard, then the first real invoice at the trial's end", async ({ page }) => {
  test.setTimeout(120_000);
  const email = await signUp(page, "Trial Card Co");
  await startTrial(page, "starter-month", "4242 4242 4242 4242");
  const sub = await trialOf(email);
  expect(sub.status).toBe("trialing");
  expect(sub.default_payment_method).toBeTruthy();

  // The saved card reaches our rows with the customer.subscription.updated that follows the trial's start.
  await page.goto("/billing");
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("status-explanation")).toContainText("Trial — 14 days left, then $19.00/month on", { timeout: 1000 });
  });
  await expect(page.getByTestId("status-badge")).toHaveText("Trial");

  const clock = await clockOf(email);
  expect(clock, "the e2e stack puts each customer on a test clock").toBeTruthy();
  const trialEnd = sub.trial_end ?? 0;
  await advanceClock(clock as string, trialEnd - 3 * 86_400 + 60);
  const willEnd = await stripeClient().events.list({ type: "customer.subscription.trial_will_end", limit: 100 });
  expect(willEnd.data.some((e) => (e.data.object as { id: string }).id === sub.id)).toBe(true);

  await advanceClock(clock as string, trialEnd + 2 * 3600);
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("status-badge")).toHaveText("Active", { timeout: 1000 });
  });
  const invoices = (await stripeClient().invoices.list({ subscription: sub.id, limit: 10 })).data;
  expect(invoices.map((i) => [i.billing_reason, i.status, i.amount_paid])).toEqual([
    ["subscription_cycle", "paid", 1900],
    ["subscription_create", "paid", 0],
  ]);
});

test("a trial without a card: the dashboard asks for one, the trial is canceled at its end, and there is no second trial", async ({ page }) => {
  test.setTimeout(120_000);
  const email = await signUp(page, "Trial Nocard Co");
  await startTrial(page, "pro-month", null);
  const sub = await trialOf(email);
  expect(sub.default_payment_method).toBeNull();

  await page.goto("/billing");
  await expect(page.getByTestId("status-badge")).toHaveText("Trial");
  await expect(page.getByTestId("status-explanation")).toContainText("Trial — 14 days left. Add a card before");
  await expect(page.getByTestId("status-explanation")).toContainText("or the subscription will be canceled.");
  // Nothing will be charged without a card: no "next charge" that the trial's end would never raise.
  await expect(page.getByTestId("next-charge")).toHaveCount(0);

  await advanceClock((await clockOf(email)) as string, (sub.trial_end ?? 0) + 2 * 3600);
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("status-badge")).toHaveText("Canceled", { timeout: 1000 });
  });
  const invoices = (await stripeClient().invoices.list({ subscription: sub.id, limit: 10 })).data;
  expect(invoices.every((i) => i.amount_paid === 0)).toBe(true);

  // One trial per tenant: the checkout no longer offers it, the trial page says so, and the server refuses it.
  await page.goto("/checkout/pro-month");
  await expect(page.getByLabel("Card number")).toBeVisible();
  await expect(page.getByTestId("start-trial-link")).toHaveCount(0);
  await page.goto("/checkout/starter-month/trial");
  await expect(page.getByTestId("trial-used")).toContainText("has already had a free trial");
  expect((await subscriptionsFor(email)).filter((s) => s.trial_end !== null)).toHaveLength(1);
});

test("a trial without a card whose end behavior is pause: paused at its end, nothing charged; a declined card keeps it paused, another card resumes it and pays", async ({ page }) => {
  test.setTimeout(180_000);
  const email = await signUp(page, "Trial Pause Co");
  await startTrial(page, "starter-month", null);
  const sub = await trialOf(email);
  // The e2e stack runs with the default (cancel); TRIAL_MISSING_PAYMENT_METHOD=pause writes the same setting on the
  // subscription at its start, which is all Stripe reads at the trial's end.
  await stripeClient().subscriptions.update(sub.id, { trial_settings: { end_behavior: { missing_payment_method: "pause" } } });

  await advanceClock((await clockOf(email)) as string, (sub.trial_end ?? 0) + 2 * 3600);
  expect((await stripeClient().subscriptions.retrieve(sub.id)).status).toBe("paused");
  await page.goto("/billing");
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("status-badge")).toHaveText("Paused", { timeout: 1000 });
  });
  await expect(page.getByTestId("status-explanation")).toHaveText(
    `Your free trial ended on ${formatDate((sub.trial_end ?? 0) * 1000)} without a payment method, so the subscription is paused until one is added. Nothing is charged while it is paused.`,
  );
  await expect(page.getByTestId("access-state")).toHaveText("Restricted: read-only until billing is fixed");
  await expect(page.getByTestId("next-charge")).toHaveCount(0);
  const invoices = (await stripeClient().invoices.list({ subscription: sub.id, limit: 10 })).data;
  expect(invoices.every((i) => i.amount_paid === 0)).toBe(true);

  // While paused: no plan change (nothing would be billed), cancel only ends it now; the primary action is the card.
  await expect(page.locator("#change-plan")).toHaveCount(0);
  await expect(page.getByTestId("cancel-paused-note")).toBeVisible();
  await expect(page.getByTestId("resume-paused")).toContainText("Resuming charges $19.00 plus any tax now");

  // A card whose charges fail: said plainly, still paused, nothing charged and nothing left to pay.
  const addCardPlace = await page.getByTestId("resume-add-card").boundingBox();
  await page.getByTestId("resume-add-card").click();
  await typeCard(page, "4000 0000 0000 0341");
  await page.getByTestId("save-payment-method").click();
  await expect(page.getByTestId("resume-paused-error")).toContainText("Your card was declined, so nothing was charged and your subscription is still paused.", { timeout: 30_000 });
  expect((await stripeClient().subscriptions.retrieve(sub.id)).status).toBe("paused");
  const afterDecline = (await stripeClient().invoices.list({ subscription: sub.id, limit: 10 })).data;
  expect(afterDecline.filter((i) => i.status === "open" || i.amount_paid > 0)).toEqual([]);
  await expect(page.getByTestId("status-badge")).toHaveText("Paused");

  // The refresh after the decline adds "Resume with Visa •••• 0341" (the declined card is on file now), which can land
  // as a person reaches for the add-card button under the error: that button must stay where it was. It once moved
  // right and the new button took its place, so a click meant for another card paid with the declined one again.
  await expect(page.getByTestId("resume-with-card")).toBeVisible({ timeout: 10_000 });
  const addCardPlaceAfter = await page.getByTestId("resume-add-card").boundingBox();
  expect([addCardPlaceAfter?.x, addCardPlaceAfter?.y]).toEqual([addCardPlace?.x, addCardPlace?.y]);

  // Another card, submitted with a double click: one resume, one paid invoice, then the plan is active.
  await page.getByTestId("resume-add-card").click();
  await typeCard(page, "4242 4242 4242 4242");
  await page.getByTestId("save-payment-method").dblclick();
  // The panel says it is done, unless the page has already re-rendered as Active (the resume's webhook can land
  // before the action answers, and the paused panel is gone then): either is the tenant's confirmation.
  await expect(page.getByTestId("resume-paused-done").or(page.getByTestId("status-badge").filter({ hasText: "Active" }))).toBeVisible({ timeout: 30_000 });
  await reloadUntil(page, async () => {
    await expect(page.getByTestId("status-badge")).toHaveText("Active", { timeout: 1000 });
  });
  await expect(page.getByTestId("access-state")).toHaveText("Full access");
  await expect(page.getByTestId("resume-paused")).toHaveCount(0);
  const resumed = await stripeClient().subscriptions.retrieve(sub.id);
  expect(resumed.status).toBe("active");
  const paid = (await stripeClient().invoices.list({ subscription: sub.id, limit: 10 })).data.filter((i) => i.amount_paid > 0);
  expect(paid.map((i) => [i.billing_reason, i.status, i.amount_paid])).toEqual([["subscription_update", "paid", 1900]]);
  const row = page.locator(`[data-testid="invoice-row"][data-invoice-id="${paid[0]?.id}"]`);
  await expect(row.getByTestId("invoice-status")).toHaveText(/paid/i);
  await expect(row.getByTestId("invoice-amount")).toHaveText("$19.00");
});
