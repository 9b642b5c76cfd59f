// POST /api/webhooks/stripe — Stripe's deliveries, through Next: under `next dev` and on platforms that only run
// Next. In production, server/production-server.mjs serves this path before Next's request pipeline with the same
// `acceptStripeDelivery`, which this module exports for it (README: "Webhook ingest"). Kept free of React and auth
// imports. @access public — authenticated by the Stripe signature, not a session.
import { acceptStripeDelivery } from "@/lib/webhooks/accept-delivery";
import { readCappedBody } from "@/lib/http/read-capped-body";

// The SDK's HMAC check and the pg driver need Node APIs.
export const runtime = "nodejs";

export async function POST(req: Request): Promise<Response> {
  const answer = await acceptStripeDelivery({
    signature: req.headers.get("stripe-signature"),
    readBody: (maxBytes) => readCappedBody(req, maxBytes),
  });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

// Read by the production server from this route's compiled module, so both entries run one implementation.
export { acceptStripeDelivery };
