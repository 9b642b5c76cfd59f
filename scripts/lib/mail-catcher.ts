// The local mail catcher: an SMTP server (smtp-server) that keeps every message it receives in memory, parsed
// (mailparser), and a small HTTP server beside it with a page listing them and a JSON API the e2e tests read.
// `npm start` and the e2e stack run it when no SMTP_URL is configured, so a local run sees every email offline.
// Loopback by default, no authentication: it is a development tool, never part of a deployment.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface CaughtMessage {
  id: number;
  messageId: string | null;
  from: string;
  /** The envelope's recipients (what the SMTP client sent RCPT TO for), lower-cased. */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  receivedAt: string;
}

export interface MailCatcher {
  smtpUrl: string;
  /** The page and the JSON API (`GET /api/messages?to=<address>`, `DELETE /api/messages`). */
  httpUrl: string;
  messages(): readonly CaughtMessage[];
  /**
   * Answers the next `count` messages with a temporary failure (451), as an SMTP provider's outage would; only
   * those to `to` when given (test files share one job queue, so another file's email may arrive in between).
   */
  refuseNext(count: number, to?: string): void;
  stop(): Promise<void>;
}

/** Keeps the newest messages only, so a long local run does not grow without bound. */
const MAX_MESSAGES = 1000;

export async function startMailCatcher(options: { host?: string; smtpPort?: number; httpPort?: number } = {}): Promise<MailCatcher> {
  const host = options.host ?? "127.0.0.1";
  const store: CaughtMessage[] = [];
  let nextId = 1;
  let refusals = { count: 0, to: null as string | null };

  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    banner: "Asset Anchor Billing local mail catcher",
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
      if (refusals.count > 0 && (refusals.to === null || recipients.includes(refusals.to))) {
        refusals.count -= 1;
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error("4.3.0 mail catcher told to refuse this one"), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          store.push({
            id: nextId++,
            messageId: parsed.messageId ?? null,
            from: parsed.from?.text ?? "",
            to: recipients,
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: parsed.html || null,
            receivedAt: new Date().toISOString(),
          });
          if (store.length > MAX_MESSAGES) store.splice(0, store.length - MAX_MESSAGES);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(options.smtpPort ?? 0, host, () => resolve());
  });
  smtp.on("error", () => undefined);
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const web = http.createServer((req, res) => serveHttp(req, res, store));
  await new Promise<void>((resolve, reject) => {
    web.once("error", reject);
    web.listen(options.httpPort ?? 0, host, () => resolve());
  });
  const httpPort = (web.address() as AddressInfo).port;

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    httpUrl: `http://${host}:${httpPort}`,
    messages: () => store,
    refuseNext(count, to) {
      refusals = { count, to: to?.toLowerCase() ?? null };
    },
    async stop() {
      web.closeAllConnections();
      await Promise.all([
        new Promise<void>((resolve) => web.close(() => resolve())),
        new Promise<void>((resolve) => smtp.close(() => resolve())),
      ]);
    },
  };
}

function serveHttp(req: http.IncomingMessage, res: http.ServerResponse, store: CaughtMessage[]): void {
  const url = new URL(req.url ?? "/", "http://catcher");
  if (url.pathname === "/api/messages" && req.method === "GET") {
    const to = url.searchParams.get("to")?.toLowerCase();
    const found = to ? store.filter((message) => message.to.includes(to)) : store;
    return send(res, 200, "application/json", JSON.stringify(found));
  }
  if (url.pathname === "/api/messages" && req.method === "DELETE") {
    store.length = 0;
    return send(res, 204, "text/plain", "");
  }
  const single = /^\/messages\/(\d+)$/.exec(url.pathname);
  if (single && req.method === "GET") {
    const message = store.find((candidate) => candidate.id === Number(single[1]));
    if (!message) return send(res, 404, "text/plain", "no such message");
    // The email's own HTML, sandboxed: no scripts, no same-origin access to the catcher.
    res.setHeader("content-security-policy", "sandbox; default-src 'none'; img-src data: http: https:; style-src 'unsafe-inline'");
    return send(res, 200, "text/html; charset=utf-8", message.html ?? `<pre>${escapeHtml(message.text)}</pre>`);
  }
  if (url.pathname === "/" && req.method === "GET") return send(res, 200, "text/html; charset=utf-8", listPage(store));
  send(res, 404, "text/plain", "not found");
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function listPage(store: CaughtMessage[]): string {
  const rows = [...store]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.receivedAt.replace("T", " ").slice(0, 19))}</td><td>${escapeHtml(m.to.join(", "))}</td>` +
        `<td><a href="/messages/${m.id}">${escapeHtml(m.subject || "(no subject)")}</a></td>` +
        `<td><details><summary>text</summary><pre>${escapeHtml(m.text)}</pre></details></td></tr>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local mail</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap}</style>
</head><body><h1>Local mail (${store.length})</h1><p>Every email the app sent in this local run. Newest first; reload to refresh.</p>
<table><thead><tr><th>received (UTC)</th><th>to</th><th>subject</th><th>plain text</th></tr></thead><tbody>${rows}</tbody></table></body></html>`;
}
