// Per-seat plans through the browser: checkout buys one seat per member and pending invitation (the summary and the
// card form's amount are seats × price), an invitation beyond the paid seats is refused with the way to add one, and
// a seat added on the billing page is charged exactly the prorated amount its preview showed.
import { expect, test, type Page } from "@playwright/test";
import { signUp, stripeClient, typeCard, uniqueEmail } from "./support";

const SEAT = 1200; // team-month, per seat, in cents

async function sendInvite(page: Page, email: string) {
  await page.goto("/team");
  const form = page.getByTestId("invite-form");
  await form.getByLabel("Email address").fill(email);
  await form.getByRole("button", { name: "Send invitation" }).click();
  return form;
}

test("a per-seat checkout with 2 seats, an invitation beyond them refused, a seat added with its prorated charge", async ({ page }) => {
  test.setTimeout(180_000);
  const owner = await signUp(page, "Seats Journey");
  const first = await sendInvite(page, uniqueEmail("seat-two"));
  await expect(first.getByRole("status")).toContainText("Invitation sent");

  // The owner and the pending invitation: two seats, and the card form is set up for their price.
  await page.goto("/checkout/team-month");
  await expect(page.getByTestId("checkout-seats")).toHaveAttribute("data-seats", "2");
  await expect(page.getByTestId("checkout-seats")).toContainText("2 seats × $12.00");
  await expect(page.getByTestId("due-today")).toHaveText("$24.00");
  await typeCard(page, "4242 4242 4242 4242");
  await page.getByTestId("pay-button").click();
  await expect(page.getByTestId("checkout-success")).toContainText("You're subscribed", { timeout: 30_000 });
  const customer = (await stripeClient().customers.list({ email: owner, limit: 1 })).data[0];
  const [sub] = (await stripeClient().subscriptions.list({ customer: customer?.id, limit: 1 })).data;
  expect(sub?.items.data[0]?.quantity).toBe(2);
  const firstInvoice = (await stripeClient().invoices.list({ subscription: sub?.id, limit: 1 })).data[0];
  expect(firstInvoice?.amount_paid).toBe(2 * SEAT);

  // Every paid seat is taken: a third person is refused, and the page says where seats are added.
  const third = uniqueEmail("seat-three");
  const refused = await sendInvite(page, third);
  await expect(refused.getByRole("alert")).toContainText("Add a seat first");
  await expect(page.locator(`[data-testid="invite-row"][data-email="${third}"]`)).toHaveCount(0);
  await expect(page.getByTestId("team-seats").getByRole("link", { name: "Add a seat on the billing page" })).toHaveAttribute("href", "/billing#seats");

  // Add a seat: the preview shows the prorated charge, the confirmation charges exactly that.
  await page.getByTestId("team-seats").getByRole("link", { name: "Add a seat on the billing page" }).click();
  await expect(page.getByTestId("seats-summary")).toHaveAttribute("data-paid", "2");
  await expect(page.getByTestId("seats-input")).toHaveValue("3");
  await page.getByTestId("preview-seat-change").click();
  await expect(page.getByTestId("plan-change-title")).toContainText("Add seats: 2 to 3 seats of Team");
  const dueNow = page.getByTestId("preview-due-now");
  const charge = Number(await dueNow.getAttribute("data-amount"));
  expect(charge).toBeGreaterThan(0);
  expect(charge).toBeLessThanOrEqual(SEAT);
  await expect(page.getByTestId("preview-line").filter({ hasText: "Remaining time on 3" })).toHaveCount(1);
  await expect(page.getByTestId("preview-next-invoice")).toHaveAttribute("data-amount", String(3 * SEAT));
  await page.getByTestId("confirm-plan-change").click();
  await expect(page.getByTestId("plan-change-done")).toContainText(`You now pay for 3 seats. Charged $${(charge / 100).toFixed(2)}.`);
  const updates = (await stripeClient().invoices.list({ subscription: sub?.id, limit: 10 })).data.filter((i) => i.billing_reason === "subscription_update");
  expect(updates.map((i) => i.amount_paid)).toEqual([charge]);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("seats-summary")).toHaveAttribute("data-paid", "3", { timeout: 1000 });
  }).toPass({ timeout: 20_000 });

  // With the seat paid for, the same invitation goes out.
  const again = await sendInvite(page, third);
  await expect(again.getByRole("status")).toContainText("Invitation sent");
});
