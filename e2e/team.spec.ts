// Team invitations end to end, reading the emails the local mail catcher received: invite → accept → the new member
// sees billing read-only; a link works once; revoked and replaced links fail clearly; accepting as another signed-in
// account is refused; an owner naming another tenant's member changes nothing.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { linkIn, PASSWORD, query, readMailTo, signUp, uniqueEmail } from "./support";

async function guestPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  return context.newPage();
}

async function invite(owner: Page, email: string, role: "owner" | "billing" | "member" = "member") {
  await owner.goto("/team");
  const form = owner.getByTestId("invite-form");
  await form.getByLabel("Email address").fill(email);
  await form.getByRole("combobox", { name: "Role", exact: true }).selectOption(role);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toContainText("Invitation sent");
  await expect(owner.locator(`[data-testid="invite-row"][data-email="${email}"]`)).toBeVisible();
}

async function inviteLinks(email: string, count = 1): Promise<string[]> {
  const mails = await readMailTo(email, { subject: /invites you to/, count });
  return mails.map((mail) => linkIn(mail, "/invite/"));
}

test("invite → emailed link → new account → the member sees billing read-only; the link works once", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signUp(page, "Invite Journey");
  const email = uniqueEmail("invitee");
  await invite(page, email, "member");
  const [link] = await inviteLinks(email);
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);

  const invitee = await guestPage(browser);
  await invitee.goto(link as string);
  await expect(invitee.getByRole("heading", { level: 1 })).toHaveText("Join Invite Journey");
  await expect(invitee.getByLabel("Email")).toHaveValue(email);
  await invitee.getByLabel("Your name").fill("Ivy Invitee");
  await invitee.getByLabel("Password").fill(PASSWORD);
  await invitee.getByRole("button", { name: "Create account and join" }).click();
  await invitee.waitForURL((url) => url.pathname === "/billing");
  await expect(invitee.getByTestId("tenant-name")).toHaveText("Invite Journey");
  await expect(invitee.getByTestId("read-only-notice")).toBeVisible();
  await expect(invitee.getByRole("link", { name: "Choose a plan" })).toHaveCount(0);
  await invitee.goto("/team");
  await expect(invitee.getByTestId("team-read-only")).toBeVisible();
  await expect(invitee.getByTestId("invite-form")).toHaveCount(0);
  await expect(invitee.getByRole("button", { name: /Save role|Remove/ })).toHaveCount(0);

  // The owner sees the new member, and the invitation is no longer pending.
  await page.goto("/team");
  await expect(page.locator(`[data-testid="member-row"][data-email="${email}"] [data-testid="member-role"]`)).toHaveText("Member");
  await expect(page.getByTestId("invite-row")).toHaveCount(0);

  // Used once: the same link in a fresh browser says so and offers nothing to submit.
  const again = await guestPage(browser);
  await again.goto(link as string);
  await expect(again.getByTestId("invite-problem")).toContainText("already accepted");
  await expect(again.getByRole("button")).toHaveCount(0);
  await again.context().close();
  await invitee.context().close();
});

test("revoked and resent links fail clearly; the new link works; another signed-in account is refused", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signUp(page, "Revoke Resend");
  const revoked = uniqueEmail("revoked");
  await invite(page, revoked);
  const [revokedLink] = await inviteLinks(revoked);
  await page.locator(`[data-testid="invite-row"][data-email="${revoked}"]`).getByRole("button", { name: "Revoke" }).click();
  await expect(page.locator(`[data-testid="invite-row"][data-email="${revoked}"]`)).toHaveCount(0);

  const guest = await guestPage(browser);
  await guest.goto(revokedLink as string);
  await expect(guest.getByTestId("invite-problem")).toContainText("revoked");

  const resent = uniqueEmail("resent");
  await invite(page, resent, "billing");
  await page.locator(`[data-testid="invite-row"][data-email="${resent}"]`).getByRole("button", { name: "Resend" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sent again" })).toBeVisible();
  const [oldLink, newLink] = await inviteLinks(resent, 2);
  expect(newLink).not.toBe(oldLink);
  await guest.goto(oldLink as string);
  await expect(guest.getByTestId("invite-problem")).toContainText("not valid");

  // The owner, signed in as someone else, opens the invitee's link: refused on the page and by the action.
  await page.goto(newLink as string);
  await expect(page.getByTestId("invite-wrong-account")).toContainText(`This invitation is for ${resent}`);
  await expect(page.getByRole("button", { name: /Join/ })).toHaveCount(0);

  await guest.goto(newLink as string);
  await guest.getByLabel("Your name").fill("Bill Admin");
  await guest.getByLabel("Password").fill(PASSWORD);
  await guest.getByRole("button", { name: "Create account and join" }).click();
  await guest.waitForURL((url) => url.pathname === "/billing");
  await expect(guest.getByTestId("read-only-notice")).toHaveCount(0);
  await guest.context().close();
});

test("an existing account: the link asks to sign in as the invited address, then joins with one click", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const other = await guestPage(browser);
  const existing = await signUp(other, "Existing Account Co");
  await other.context().close();

  await signUp(page, "Joining Team");
  await invite(page, existing, "billing");
  const [link] = await inviteLinks(existing);

  const invitee = await guestPage(browser);
  await invitee.goto(link as string);
  await invitee.getByTestId("invite-sign-in").getByRole("link", { name: `Sign in as ${existing}` }).click();
  await invitee.waitForURL((url) => url.pathname === "/signin");
  await invitee.getByLabel("Email").fill(existing);
  await invitee.getByLabel("Password").fill(PASSWORD);
  await invitee.getByRole("button", { name: "Sign in" }).click();
  await invitee.waitForURL((url) => url.pathname.startsWith("/invite/"));
  await invitee.getByRole("button", { name: "Join Joining Team" }).click();
  await invitee.waitForURL((url) => url.pathname === "/billing");
  // The session moved to the team just joined: a billing admin there, with the billing actions.
  await expect(invitee.getByTestId("tenant-name")).toHaveText("Joining Team");
  await expect(invitee.getByTestId("read-only-notice")).toHaveCount(0);
  const roles = await query<{ role: string; name: string }>(
    `SELECT m."role", t."name" FROM "Membership" m JOIN "User" u ON u."id" = m."userId" JOIN "Tenant" t ON t."id" = m."tenantId" WHERE u."email" = $1 ORDER BY t."name"`,
    [existing],
  );
  expect(roles).toEqual([
    { role: "owner", name: "Existing Account Co" },
    { role: "billing", name: "Joining Team" },
  ]);
  await invitee.context().close();
});

test("hostile input: another tenant's member id and a bad email are refused and change nothing", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const victimOwner = await guestPage(browser);
  const victimEmail = await signUp(victimOwner, "Victim Team");
  const [victim] = await query<{ id: string; tenantId: string }>(
    `SELECT m."id", m."tenantId" FROM "Membership" m JOIN "User" u ON u."id" = m."userId" WHERE u."email" = $1`,
    [victimEmail],
  );
  expect(victim).toBeTruthy();

  await signUp(page, "Attacker Team");
  await page.goto("/team");
  // Point the owner's own role form at the other tenant's owner, as a crafted request would.
  const form = page.getByTestId("member-row").first();
  await form.locator('input[name="membershipId"]').first().evaluate((input, id) => ((input as HTMLInputElement).value = id), victim?.id ?? "");
  await form.getByRole("combobox").selectOption("member");
  await form.getByRole("button", { name: "Save role" }).click();
  await expect(form.getByRole("alert")).toContainText("not a member of this team");
  const [after] = await query<{ role: string }>(`SELECT "role" FROM "Membership" WHERE "id" = $1`, [victim?.id]);
  expect(after?.role).toBe("owner");

  const inviteForm = page.getByTestId("invite-form");
  await inviteForm.getByLabel("Email address").fill("not an email\u202e");
  await inviteForm.getByRole("button", { name: "Send invitation" }).click();
  await expect(inviteForm.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByTestId("invite-row")).toHaveCount(0);
  await victimOwner.context().close();
});
