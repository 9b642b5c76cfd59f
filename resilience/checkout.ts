// A checkout as the browser does it, so the log scan has something to find if anything leaked: the other
// tenant's owner starts checkout through the server action, then "types" 4242 4242 4242 4242 into the
// emulator's Stripe.js stand-in route with the client secret, and the deliveries that follow reach the app.
import { actionOutcome, type HttpSession } from "./http-client";

export const TYPED_CARD = "4242424242424242";
const PORTLAND_BUYER = {
  name: "Resilience Buyer",
  address: { line1: "1 Harbour Street", line2: null, city: "Portland", state: "OR", postal_code: "97201", country: "US" },
};

export async function checkoutWithTypedCard(input: {
  session: HttpSession;
  actionId: string;
  page: string;
  planKey: string;
  stripeUrl: string;
  publishableKey: string;
}): Promise<string> {
  // What the page sends on Subscribe: the total it showed, and (tax on, no address on file) the address typed beside
  // the card. Portland, OR is outside the emulator's tax table, so the total shown before the address is the charge.
  const page = await input.session.request(input.page);
  const shown = /data-testid="due-today"[^>]*data-amount="(\d+)"/.exec(page.body)?.[1];
  if (!shown) throw new Error(`the checkout page (${page.status}) showed no total to confirm`);
  const order = { planKey: input.planKey, expectedTotal: Number(shown), billingAddress: PORTLAND_BUYER };
  let reply = await input.session.callAction(input.page, input.actionId, [order]);
  // The fuzz phase may have spent this tenant's per-minute billing allowance (#12.8): wait the window out once.
  if (actionOutcome(reply) === "rate_limited") {
    await new Promise((resolve) => setTimeout(resolve, 61_000));
    reply = await input.session.callAction(input.page, input.actionId, [order]);
  }
  const secret = /"clientSecret":"((pi|seti)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+"/.exec(reply.body);
  if (!secret?.[1]) throw new Error(`startCheckoutAction gave no client secret (${actionOutcome(reply)})`);
  const clientSecret = /"clientSecret":"([^"]+)"/.exec(reply.body)?.[1] ?? "";
  const kind = secret[2] === "seti" ? "setup_intents" : "payment_intents";
  const form = new URLSearchParams({
    key: input.publishableKey,
    client_secret: clientSecret,
    "payment_method_data[type]": "card",
    "payment_method_data[card][number]": TYPED_CARD,
    "payment_method_data[card][exp_month]": "12",
    "payment_method_data[card][exp_year]": String(new Date().getUTCFullYear() + 3),
    "payment_method_data[card][cvc]": "123",
  });
  const confirm = await fetch(`${input.stripeUrl}/v1/${kind}/${secret[1]}/confirm`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  const body = (await confirm.json()) as { status?: string };
  if (!confirm.ok || (body.status !== "succeeded" && body.status !== "processing")) {
    throw new Error(`confirming the checkout failed: ${confirm.status} ${body.status ?? ""}`);
  }
  return body.status;
}
