// The HTTP front: auth (secret key, or publishable key + client secret on Stripe.js routes), CORS, body
// decoding, idempotency, error envelopes, and the static/control/hosted-page routes.

import { existsSync, readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { API_VERSION, type Emulator } from "./context";
import { handleControl } from "./control-routes";
import { authenticationError, invalidRequest, isValidationFailure, StripeLocalError, type StripeErrorBody } from "./errors";
import { decodeForm, FormDecodeError, type FormObject, type FormValue } from "./form-encoding";
import { handlePage } from "./hosted-pages";
import { IdempotencyCache } from "./idempotency";
import { Params } from "./params";
import { checkParams, readExpand, type Router } from "./router";
import { randomToken } from "./store";

const MAX_BODY = 1024 * 1024;
const STRIPE_JS = fileURLToPath(new URL("./public/stripe.js", import.meta.url));
const PLACEHOLDER_JS = `console.warn("stripe-local: public/stripe.js is missing; the Stripe.js stand-in is not available.");window.Stripe=undefined;`;

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        // Drain the rest so the 413 reaches the client instead of a reset connection.
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** JSON bodies (curl, the 3DS page) become the same shape as decoded forms. */
function jsonToForm(value: unknown): FormValue {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(jsonToForm);
  if (typeof value === "object") {
    const out: FormObject = Object.create(null) as FormObject;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = jsonToForm(v);
    return out;
  }
  return String(value);
}

function parseBody(raw: string, contentType: string | undefined): FormObject {
  if (!raw) return Object.create(null) as FormObject;
  if ((contentType ?? "").includes("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw invalidRequest("Invalid JSON body.");
    }
    const form = jsonToForm(parsed);
    if (typeof form === "string" || Array.isArray(form)) throw invalidRequest("The request body must be an object.");
    return form;
  }
  try {
    return decodeForm(raw);
  } catch (err) {
    if (err instanceof FormDecodeError) throw invalidRequest(err.message);
    throw err;
  }
}

function merge(a: FormObject, b: FormObject): FormObject {
  const out: FormObject = Object.create(null) as FormObject;
  Object.assign(out, a, b);
  return out;
}

interface Auth {
  kind: "secret" | "publishable";
  key: string;
}

/**
 * A locked-down emulator (the one `npm start` runs): only its own generated keys, CORS only for the app's origin
 * (what the Stripe.js stand-in needs), and the /_local/ control routes only with the secret key. Without it (test
 * harnesses that start their own emulator on a random port) any test key is taken and CORS is open.
 */
export interface EmulatorAccess {
  secretKey: string;
  publishableKey: string;
  origins: string[];
}

function readAuth(req: IncomingMessage, params: FormObject, access?: EmulatorAccess): Auth | StripeLocalError {
  const header = req.headers.authorization ?? "";
  let key = "";
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (bearer) key = (bearer[1] ?? "").trim();
  else if (basic) key = Buffer.from(basic[1] ?? "", "base64").toString("utf8").split(":")[0] ?? "";
  else if (typeof params.key === "string") key = params.key;
  if (!key) {
    return authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  if (/^(sk|rk|pk)_live_/.test(key)) {
    return authenticationError(
      "stripe-local refuses live-mode keys: a live key must never be sent to a local emulator. Use a test key (sk_test_… / pk_test_…).",
    );
  }
  if (access) {
    if (key === access.secretKey) return { kind: "secret", key };
    if (key === access.publishableKey) return { kind: "publishable", key };
  } else {
    if (/^(sk|rk)_test_\S+$/.test(key)) return { kind: "secret", key };
    if (/^pk_test_\S+$/.test(key)) return { kind: "publishable", key };
  }
  return authenticationError(`Invalid API Key provided: ${key.slice(0, 8)}${"*".repeat(Math.max(0, Math.min(key.length - 8, 20)))}`);
}

function cors(req: IncomingMessage, res: ServerResponse, access?: EmulatorAccess): void {
  if (access) {
    res.setHeader("Vary", "Origin");
    const origin = req.headers.origin;
    if (!origin || !access.origins.includes(origin)) return;
  }
  res.setHeader("Access-Control-Allow-Origin", access ? (req.headers.origin as string) : "*");
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key, Stripe-Version, Stripe-Account");
  res.setHeader("Access-Control-Max-Age", "600");
}

function sendJson(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Cache-Control", "no-cache, no-store");
  res.end(body);
}

const errorJson = (body: StripeErrorBody) => JSON.stringify({ error: body }, null, 2);

export interface RequestHandlerDeps {
  emu: Emulator;
  router: Router;
  idempotency: IdempotencyCache;
  resetAll: () => void;
  access?: EmulatorAccess;
  /** Sees every API answer (the contract suite validates them against Stripe's schemas). */
  observe?: (method: string, path: string, status: number, body: string) => void;
}

export function createRequestHandler(deps: RequestHandlerDeps) {
  const { emu, router, idempotency } = deps;

  /**
   * The control routes take the secret key (Bearer); the 3DS result the Stripe.js stand-in posts takes the
   * intent's client secret instead, as Stripe's own client-side calls do. Hosted pages are handled before this.
   */
  function controlDenied(req: IncomingMessage, path: string, params: FormObject, access: EmulatorAccess): StripeLocalError | null {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (bearer === access.secretKey) return null;
    const threeDs = /^\/_local\/(payment_intents|setup_intents)\/([^/]+)\/3ds$/.exec(path);
    if (threeDs) {
      const intent = emu.store.get(threeDs[1] === "payment_intents" ? "payment_intent" : "setup_intent", decodeURIComponent(threeDs[2] ?? ""));
      const secret = (intent as { client_secret?: unknown } | undefined)?.client_secret;
      if (typeof secret === "string" && params.client_secret === secret) return null;
    }
    return authenticationError("stripe-local's /_local/ control routes need its secret key (Authorization: Bearer sk_test_…).");
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const raw = await readBody(req);
    const query = url.search.length > 1 ? decodeForm(url.search.slice(1)) : (Object.create(null) as FormObject);
    const body = method === "POST" ? parseBody(raw, req.headers["content-type"]) : (Object.create(null) as FormObject);
    const params = merge(query, body);

    const matched = router.match(method, url.pathname);
    const auth = readAuth(req, params, deps.access);
    if (auth instanceof StripeLocalError) throw auth;
    if (!("route" in matched)) {
      throw invalidRequest(
        `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        { status: 404 },
      );
    }
    const { route, path } = matched;
    if (auth.kind === "publishable" && !route.client) {
      throw authenticationError("This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.");
    }
    checkParams(route, params);
    const p = new Params(params);

    const key = method === "POST" ? (req.headers["idempotency-key"] as string | undefined) : undefined;
    const scope = auth.key;
    if (key) {
      const fp = IdempotencyCache.fingerprint(method, url.pathname, raw);
      const begun = idempotency.begin(scope, key, fp, requestId);
      if (begun.kind === "error") throw begun.error;
      if (begun.kind === "replay") {
        res.setHeader("Idempotency-Key", key);
        res.setHeader("Idempotent-Replayed", "true");
        res.setHeader("Original-Request", begun.requestId);
        sendJson(res, begun.status, begun.body);
        return;
      }
      res.setHeader("Idempotency-Key", key);
    }
    let status = 200;
    let text = "";
    let save = true;
    try {
      const result = route.handler({
        emu,
        req: { id: requestId, idempotency_key: key ?? null },
        p,
        path,
        expand: readExpand(p),
        publishable: auth.kind === "publishable",
      });
      text = JSON.stringify(result, null, 2);
    } catch (err) {
      if (!(err instanceof StripeLocalError)) {
        emu.log(`stripe-local: internal error on ${method} ${url.pathname}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
      const e = err instanceof StripeLocalError ? err : new StripeLocalError(500, { type: "api_error", message: "An unknown error occurred in stripe-local." });
      status = e.status;
      text = errorJson(e.body);
      save = !isValidationFailure(e.status, e.body);
    } finally {
      emu.store.persist();
    }
    if (key) idempotency.finish(scope, key, status, text, save);
    deps.observe?.(method, url.pathname, status, text);
    sendJson(res, status, text);
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = `req_${randomToken(14)}`;
    res.setHeader("Request-Id", requestId);
    res.setHeader("Stripe-Version", (req.headers["stripe-version"] as string | undefined) ?? API_VERSION);
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      sendJson(res, 400, errorJson({ type: "invalid_request_error", message: "Malformed request URL." }));
      return;
    }
    const method = (req.method ?? "GET").toUpperCase();
    try {
      decodeURIComponent(url.pathname);
    } catch {
      sendJson(res, 400, errorJson({ type: "invalid_request_error", message: "Invalid percent-encoding in the request URL." }));
      return;
    }
    try {
      if (url.pathname.startsWith("/v1/")) {
        cors(req, res, deps.access);
        if (method === "OPTIONS") {
          res.statusCode = 204;
          res.end();
          return;
        }
        await handleApi(req, res, url, requestId);
        return;
      }
      if (url.pathname === "/v3/stripe.js" || url.pathname === "/v3" || url.pathname === "/v3/") {
        cors(req, res, deps.access);
        res.statusCode = 200;
        res.setHeader("Content-Type", "application/javascript; charset=utf-8");
        res.setHeader("Cache-Control", "no-cache");
        res.end(existsSync(STRIPE_JS) ? readFileSync(STRIPE_JS) : PLACEHOLDER_JS);
        return;
      }
      if (url.pathname.startsWith("/_local/")) {
        cors(req, res, deps.access);
        if (method === "OPTIONS") {
          res.statusCode = 204;
          res.end();
          return;
        }
        const raw = method === "POST" ? await readBody(req) : "";
        const query = url.search.length > 1 ? decodeForm(url.search.slice(1)) : (Object.create(null) as FormObject);
        const params = merge(query, parseBody(raw, req.headers["content-type"]));
        const pageResult = handlePage(emu, method, url.pathname, params);
        if (pageResult) {
          emu.store.persist();
          res.statusCode = pageResult.status;
          for (const [k, v] of Object.entries(pageResult.headers)) res.setHeader(k, v);
          res.end(pageResult.body);
          return;
        }
        const denied = deps.access ? controlDenied(req, url.pathname, params, deps.access) : null;
        if (denied) throw denied;
        const control = handleControl(emu, method, url.pathname, params, deps.resetAll);
        emu.store.persist();
        if (control) {
          sendJson(res, control.status, JSON.stringify(control.body, null, 2));
          return;
        }
      }
      if (url.pathname === "/" && method === "GET") {
        sendJson(res, 200, JSON.stringify({ name: "stripe-local", api_version: API_VERSION, docs: "stripe-local/README.md" }));
        return;
      }
      sendJson(res, 404, errorJson({ type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${url.pathname}).` }));
    } catch (err) {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (err instanceof BodyTooLarge) {
        res.setHeader("Connection", "close");
        sendJson(res, 413, errorJson({ type: "invalid_request_error", message: "Request body too large." }));
        return;
      }
      if (err instanceof FormDecodeError) {
        sendJson(res, 400, errorJson({ type: "invalid_request_error", message: err.message }));
        return;
      }
      if (err instanceof StripeLocalError) {
        sendJson(res, err.status, errorJson(err.body));
        return;
      }
      emu.log(`stripe-local: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendJson(res, 500, errorJson({ type: "api_error", message: "An unknown error occurred in stripe-local." }));
    }
  };
}
