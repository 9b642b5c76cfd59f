// Stripe-Signature header (spec §4): HMAC-SHA256 over "<t>.<body>" keyed with the whole whsec_ string.

import { createHmac } from "node:crypto";
import { randomToken } from "./store";

export function signPayload(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

export const newWebhookSecret = () => `whsec_${randomToken(32)}`;
