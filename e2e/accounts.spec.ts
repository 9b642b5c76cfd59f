// Accounts through the inbox (the stack's mail catcher): the verification link confirms the address and signs in,
// billing waits for it; forgot password → reset signs out the sessions opened before; changes in Settings.
import { expect, test, type Browser } from "@playwright/test";
import { confirmEmailFromInbox, emailedLink, emailedLinks, EVERY_DATABASE, PASSWORD, readMailTo, signIn, signUp, submitSignUp, uniqueEmail } from "./support";

const NEW_PASSWORD = "a-fresh-and-long-passphrase";

async function freshPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  return context.newPage();
}

test("sign up → sign-in works but billing waits → the emailed link confirms and signs in, once", { tag: EVERY_DATABASE }, async ({ page, browser }) => {
  const email = uniqueEmail("verify");
  await submitSignUp(page, { name: "Vera Owner", org: "Verify Co", email });

  // Signed in with the password before confirming: the pages open, billing says what is missing.
  const early = await freshPage(browser);
  await signIn(early, email, PASSWORD, "/billing");
  await expect(early.getByTestId("verify-email-banner")).toContainText("Confirm your email address before changing billing");
  await early.goto("/checkout/starter-month");
  await expect(early.getByText("Confirm your email address before changing billing").first()).toBeVisible();
  // "Resend link" sends a second link; the first stops working.
  await early.getByTestId("verify-email-banner").getByRole("button", { name: "Resend link" }).click();
  await expect(early.getByTestId("verify-email-banner")).toContainText("We sent a new link");
  const [first] = await emailedLinks(email, /Confirm your email address/, "/verify-email", 2);
  await early.context().close();

  await page.goto(first ?? "");
  await expect(page.getByText("This link has expired or was used already")).toBeVisible();
  await confirmEmailFromInbox(page, email);
  await expect(page.getByTestId("tenant-name")).toHaveText("Verify Co");
  await expect(page.getByTestId("verify-email-banner")).toHaveCount(0);

  // The link is spent: opening it again offers nothing.
  await page.goto(await emailedLink(email, /Confirm your email address/, "/verify-email", 2));
  await expect(page.getByText("This link has expired or was used already")).toBeVisible();
});

test("forgot password → reset link → the old session is signed out, the new password works", async ({ page, browser }) => {
  const email = await signUp(page, "Reset Co", "/billing");

  const other = await freshPage(browser);
  await other.goto("/signin");
  await other.getByRole("link", { name: "Forgot your password?" }).click();
  await other.waitForURL((url) => url.pathname === "/forgot-password");
  await other.getByLabel("Email").fill(email);
  await other.getByRole("button", { name: "Send the link" }).click();
  const status = other.locator("form").getByRole("status");
  await expect(status).toContainText("If an account uses this address");
  const notice = await status.textContent();
  // An unknown address gets the very same answer.
  await other.getByLabel("Email").fill(uniqueEmail("nobody"));
  await other.getByRole("button", { name: "Send the link" }).click();
  await expect(other.locator("form").getByRole("status")).toHaveText(notice ?? "");

  await other.goto(await emailedLink(email, /Choose a new password/, "/reset-password"));
  await other.getByLabel("New password").fill("password1234");
  await other.getByRole("button", { name: "Set the new password" }).click();
  await expect(other.getByText("commonly used passwords")).toBeVisible();
  await other.getByLabel("New password").fill(NEW_PASSWORD);
  await other.getByRole("button", { name: "Set the new password" }).click();
  await expect(other.getByRole("status")).toContainText("Your password was changed");
  await readMailTo(email, { subject: /Your password was changed/ });

  // The session opened before the reset opens nothing now.
  await page.goto("/billing");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fbilling/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Invalid email or password.");
  await other.context().close();
  await signIn(page, email, NEW_PASSWORD, "/billing");
});

test("settings: a new password keeps this device and signs out the others; a new email needs its link", async ({ page, browser }) => {
  const email = await signUp(page, "Settings Co", "/billing");
  const elsewhere = await freshPage(browser);
  await signIn(elsewhere, email, PASSWORD, "/billing");

  await page.goto("/settings");
  const passwordForm = page.locator("form").filter({ has: page.getByLabel("New password") });
  await passwordForm.getByLabel("Current password").fill(PASSWORD);
  await passwordForm.getByLabel("New password").fill(NEW_PASSWORD);
  await passwordForm.getByRole("button", { name: "Change password" }).click();
  await expect(passwordForm.getByRole("status")).toContainText("Password changed");
  await page.goto("/billing");
  await expect(page).toHaveURL(/\/billing$/);
  await elsewhere.goto("/billing");
  await expect(elsewhere).toHaveURL(/\/signin/);
  await elsewhere.context().close();

  const newEmail = uniqueEmail("moved");
  await page.goto("/settings");
  const emailForm = page.locator("form").filter({ has: page.getByLabel("New email address") });
  await emailForm.getByLabel("New email address").fill(newEmail);
  await emailForm.getByLabel("Current password").fill(NEW_PASSWORD);
  await emailForm.getByRole("button", { name: "Change email" }).click();
  await expect(emailForm.getByRole("status")).toContainText("We sent a link to the new address");
  await expect(page.getByTestId("account-email")).toContainText(email);

  await page.goto(await emailedLink(newEmail, /Confirm your new email address/, "/confirm-email"));
  await page.getByRole("button", { name: "Use this address" }).click();
  await expect(page.getByRole("status")).toContainText(`you now sign in with ${newEmail}`);
  await readMailTo(email, { subject: /Your sign-in email was changed/ });
  await page.goto("/settings");
  await expect(page.getByTestId("account-email")).toContainText(newEmail);
});
