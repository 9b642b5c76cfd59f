import { Server, type IncomingMessage, type ServerResponse } from "node:http";
import { ROUTED_METHODS } from "./malformed-action";

// Next builds a fetch Request for its proxy, and fetch refuses TRACE, TRACK and CONNECT by throwing: the client
// gets a 500 without security headers before any code of ours runs. So the server process answers methods Next
// does not route itself, at the socket's request event, on every path (static assets and webhooks included).

const HEADERS = {
  "Content-Type": "application/json",
  Allow: ROUTED_METHODS.join(", "),
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Cache-Control": "no-store",
};

const routed: ReadonlySet<string> = new Set(ROUTED_METHODS);
let installed = false;

/** Called once at boot (instrumentation.ts), before the server takes requests. */
export function refuseUnroutedMethods(): void {
  if (installed) return;
  installed = true;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [req, res] = args as [IncomingMessage, ServerResponse];
      if (!routed.has(req.method ?? "")) {
        res.writeHead(405, HEADERS).end(JSON.stringify({ error: "Method not allowed" }));
        return true;
      }
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof Server.prototype.emit;
}
