// The webhook fast path's transport: hands a node:http request for `POST /api/webhooks/stripe` to the route
// handler itself (app/api/webhooks/stripe/route.ts, its `POST`) and writes its Response back, without Next's
// request pipeline around it. One implementation of the webhook: this file only moves bytes. Plain JavaScript, so
// the production server (server/production-server.mjs) runs it from Next's standalone output without a compiler.

export const WEBHOOK_PATH = "/api/webhooks/stripe";

// The route reads only the headers and the body; a constant URL spares parsing the client's Host header.
const ROUTE_URL = `http://localhost${WEBHOOK_PATH}`;

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

// Bytes read ahead of the route: beyond this the socket is paused, so a body the route never reads (a declared size
// over the limit) or reads slowly is never buffered whole.
const READ_AHEAD_BYTES = 64 * 1024;

/**
 * The request body as a web stream fed by the socket, with backpressure. Whatever the route leaves unread (it
 * stops past 1 MiB) is discarded once the answer is sent, so the 413 still reaches the sender on a live connection.
 * @param {import("node:http").IncomingMessage} req
 */
function bodyStream(req) {
  return new ReadableStream(
    {
      start(controller) {
        req.on("data", (chunk) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        // The route may have cancelled the stream already: closing or failing it then is a no-op, not a throw.
        req.on("end", () => settle(() => controller.close()));
        req.on("error", (error) => settle(() => controller.error(error)));
      },
      pull() {
        req.resume();
      },
      cancel() {
        req.pause();
      },
    },
    { highWaterMark: READ_AHEAD_BYTES, size: (chunk) => chunk.byteLength },
  );
}

/** @param {() => void} step */
function settle(step) {
  try {
    step();
  } catch {
    // Already closed or cancelled.
  }
}

/**
 * After the answer: drop what is left of the body unread, keeping the connection usable.
 * @param {import("node:http").IncomingMessage} req
 */
function discardRest(req) {
  if (req.complete) return;
  req.removeAllListeners("data");
  req.resume();
}

/**
 * Serves one delivery with the route's handler. `extraHeaders` are added to every answer (those Next would have
 * added on its own path). A handler that throws answers 500 with an empty body, as Next does for a route handler.
 * @param {(request: Request) => Promise<Response>} post the route's POST
 * @param {import("node:http").IncomingMessage} req
 * @param {import("node:http").ServerResponse} res
 * @param {Record<string, string>} extraHeaders
 * @param {(error: unknown) => void} onError
 */
export async function serveWebhook(post, req, res, extraHeaders, onError) {
  res.once("finish", () => discardRest(req));
  try {
    const headers = new Headers();
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
    const response = await post(new Request(ROUTE_URL, { method: "POST", headers, body: bodyStream(req), duplex: "half" }));
    /** @type {Record<string, string>} */
    const out = { ...extraHeaders };
    response.headers.forEach((value, name) => {
      out[name] = value;
    });
    const body = response.body === null ? null : Buffer.from(await response.arrayBuffer());
    out["content-length"] = String(body?.byteLength ?? 0);
    res.writeHead(response.status, out);
    res.end(body ?? undefined);
  } catch (error) {
    onError(error);
    if (!res.headersSent) res.writeHead(500, { ...extraHeaders, "content-length": "0" }).end();
    else res.destroy();
  }
}
