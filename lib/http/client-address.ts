import "server-only";
import { isIP } from "node:net";
import { getEnv } from "@/lib/env";

/**
 * The header carrying the TCP peer's address. Next 16 exposes no socket to route handlers, proxy or server
 * actions (NextRequest.ip is gone, and Next only fills X-Forwarded-For from the socket when the client sent
 * none), so `instrumentation.ts` installs a hook on the Node HTTP server that overwrites this header on every
 * request before Next sees it (lib/http/socket-address-hook.ts). A client-sent copy never survives.
 */
export const SOCKET_ADDRESS_HEADER = "x-asset-anchor-socket-address";
const HOOK_FLAG = Symbol.for("asset-anchor.socket-address-hook");

/** Set by the hook in the serving process: only then is SOCKET_ADDRESS_HEADER ours rather than the client's. */
export function markSocketAddressHookInstalled(): void {
  (globalThis as Record<symbol, unknown>)[HOOK_FLAG] = true;
}

function socketAddressHookInstalled(): boolean {
  return (globalThis as Record<symbol, unknown>)[HOOK_FLAG] === true;
}

/** One canonical spelling per address ("::ffff:1.2.3.4" is 1.2.3.4, brackets and ports dropped), or null. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  let value = (raw ?? "").trim();
  if (value === "" || value.length > 64) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed?.[1]) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = value.toLowerCase().replace(/%.*$/, "");
  if (value.startsWith("::ffff:") && isIP(value.slice(7)) === 4) value = value.slice(7);
  return isIP(value) === 0 ? null : value;
}

/**
 * The client's address given the TCP peer and the X-Forwarded-For header, trusting exactly `trustedHops`
 * proxies in front of us: each appends the address it saw, so with one load balancer the peer is the
 * balancer and the client is the header's last entry; anything further left was written by the client.
 * With 0 hops the header is ignored. Null when the address is missing or malformed (callers limit all such
 * requests as one shared bucket, never not at all).
 */
export function clientAddressFrom(input: { socketAddress: string | null | undefined; forwardedFor: string | null | undefined; trustedHops: number }): string | null {
  if (input.trustedHops <= 0) return normalizeAddress(input.socketAddress);
  if (normalizeAddress(input.socketAddress) === null) return null;
  const entries = (input.forwardedFor ?? "").split(",").map((part) => part.trim());
  // Fewer entries than trusted hops: the request did not come through all our proxies (or the header is junk).
  if (entries.length < input.trustedHops || (entries.length === 1 && entries[0] === "")) return null;
  return normalizeAddress(entries[entries.length - input.trustedHops]);
}

type HeaderSource = Record<string, string | string[] | undefined> | Headers;

function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/** The client address of the current request (Next headers or next-auth's plain header object), or null. */
export function clientAddressFromHeaders(headers: HeaderSource): string | null {
  return clientAddressFrom({
    socketAddress: socketAddressHookInstalled() ? readHeader(headers, SOCKET_ADDRESS_HEADER) : null,
    forwardedFor: readHeader(headers, "x-forwarded-for"),
    trustedHops: getEnv().TRUSTED_PROXY_HOPS,
  });
}
