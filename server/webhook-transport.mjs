// The webhook fast path's transport: hands a node:http request for `POST /api/webhooks/stripe` to the route's
// own delivery handler (`acceptStripeDelivery`, exported by app/api/webhooks/stripe/route.ts) and writes its
// answer, without Next's request pipeline and without web Request/Response objects around it. One implementation
// of the webhook: this file only moves bytes. Plain JavaScript, so the production server
// (server/production-server.mjs) runs it from Next's standalone output without a compiler.

export const WEBHOOK_PATH = "/api/webhooks/stripe";

/**
 * True for the requests the fast path serves: POST to the exact webhook path, with or without a query string.
 * Everything else (other methods, a trailing slash, other paths) goes to Next, which answers as it always did.
 * @param {import("node:http").IncomingMessage} req
 */
export function isWebhookDelivery(req) {
  if (req.method !== "POST" || !req.url) return false;
  const query = req.url.indexOf("?");
  return (query === -1 ? req.url : req.url.slice(0, query)) === WEBHOOK_PATH;
}

/**
 * The body as UTF-8 text, or null as soon as it is larger than `maxBytes` (declared or counted, so a chunked body
 * is never buffered whole): the rule of lib/http/read-capped-body.ts, on a node stream. The rest of an
 * oversized body is discarded after the answer, so the 413 reaches the sender on a connection that stays usable.
 * @param {import("node:http").IncomingMessage} req
 * @param {number} maxBytes
 * @returns {Promise<string | null>}
 */
export function readCappedNodeBody(req, maxBytes) {
  const declared = Number(req.headers["content-length"] ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let total = 0;
    const onData = (/** @type {Buffer} */ chunk) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        stop();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? /** @type {Buffer} */ (chunks[0]).toString("utf8") : Buffer.concat(chunks, total).toString("utf8"));
    };
    const onError = (/** @type {Error} */ error) => {
      stop();
      reject(error);
    };
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.pause();
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/**
 * After the answer: drop what is left of the body unread, keeping the connection usable.
 * @param {import("node:http").IncomingMessage} req
 */
function discardRest(req) {
  if (req.complete) return;
  req.resume();
}

/**
 * @typedef {{ signature: string | null; readBody: (maxBytes: number) => Promise<string | null> }} IncomingDelivery
 * @typedef {{ status: number; headers: Record<string, string>; body: string | null }} DeliveryAnswer
 */

/**
 * Serves one delivery with the route's handler. `extraHeaders(answer)` are what Next would have added on its own
 * path. A handler that throws answers 500 with an empty body, as Next does for a route handler that throws.
 * @param {(delivery: IncomingDelivery) => Promise<DeliveryAnswer>} accept the route's `acceptStripeDelivery`
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {(answer: DeliveryAnswer | null) => Record<string, string>} extraHeaders
 * @param {(error: unknown) => void} onError
 */
export async function serveWebhook(accept, req, res, extraHeaders, onError) {
  res.once("finish", () => discardRest(req));
  try {
    const signature = req.headers["stripe-signature"];
    const answer = await accept({
      // Several Stripe-Signature headers reach a web Request joined by ", ", which the SDK then rejects: the same here.
      signature: signature === undefined ? null : Array.isArray(signature) ? signature.join(", ") : signature,
      readBody: (maxBytes) => readCappedNodeBody(req, maxBytes),
    });
    const body = answer.body === null ? null : Buffer.from(answer.body, "utf8");
    res.writeHead(answer.status, { ...extraHeaders(answer), ...answer.headers, "content-length": String(body?.byteLength ?? 0) });
    res.end(body ?? undefined);
  } catch (error) {
    onError(error);
    if (!res.headersSent) res.writeHead(500, { ...extraHeaders(null), "content-length": "0" }).end();
    else res.destroy();
  }
}
