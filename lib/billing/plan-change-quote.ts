// A plan-change quote: what the preview showed, signed so the confirm step applies exactly that change with the
// same proration_date (and so the same amounts), and nothing else. HMAC-SHA256 with a key derived from
// NEXTAUTH_SECRET under its own label, so the quote key is never the session key.
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export const QUOTE_TTL_SECONDS = 10 * 60;
const KEY_LABEL = "asset-anchor-billing/plan-change-quote/v1";

const quotePayloadSchema = z.object({
  v: z.literal(1),
  tenantId: z.string().min(1),
  subscriptionId: z.string().min(1),
  subscriptionItemId: z.string().min(1),
  fromPrice: z.string().min(1),
  toPrice: z.string().min(1),
  toPlanKey: z.string().min(1),
  // The item's quantity (paid seats) before and after: a seat change is the same price at another quantity.
  fromQuantity: z.number().int().positive(),
  quantity: z.number().int().positive(),
  prorationBehavior: z.enum(["always_invoice", "create_prorations", "none"]),
  prorationDate: z.number().int().positive(),
  amountDue: z.number().int(),
  currency: z.string().min(3),
  // A promotion code checked at preview and redeemed with the change (the preview's discount is the charge's).
  promotionCodeId: z.string().min(1).optional(),
  expiresAt: z.number().int().positive(),
});

export type QuotePayload = z.infer<typeof quotePayloadSchema>;

export type QuoteFailure = "malformed" | "bad_signature" | "expired";

export class QuoteError extends Error {
  constructor(readonly reason: QuoteFailure) {
    super(
      reason === "expired"
        ? "This price quote has expired. Preview the change again to get a fresh quote."
        : "This price quote is not valid. Preview the change again.",
    );
    this.name = "QuoteError";
  }
}

function quoteKey(secret: string): Buffer {
  return createHmac("sha256", secret).update(KEY_LABEL).digest();
}

function mac(secret: string, body: string): Buffer {
  return createHmac("sha256", quoteKey(secret)).update(body).digest();
}

/** `<base64url(JSON)>.<base64url(HMAC)>` */
export function signQuote(payload: QuotePayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${body}.${mac(secret, body).toString("base64url")}`;
}

/** Checks the signature before reading anything, then the shape, then the expiry. */
export function verifyQuote(token: string, secret: string, nowSeconds: number): QuotePayload {
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new QuoteError("malformed");
  const [body, signature] = parts as [string, string];
  const expected = mac(secret, body);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new QuoteError("bad_signature");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    throw new QuoteError("malformed");
  }
  const parsed = quotePayloadSchema.safeParse(json);
  if (!parsed.success) throw new QuoteError("malformed");
  if (parsed.data.expiresAt <= nowSeconds) throw new QuoteError("expired");
  return parsed.data;
}
