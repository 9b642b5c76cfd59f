// Shared by server and client code: no server-only import.

const BASE = "http://same-origin.invalid";

// Encoded "/", "\", "." and control characters have no business in our own paths, and URL parsers (the
// WHATWG one included) turn some of them back into separators or dot segments.
const SUSPICIOUS_ESCAPE = /%(?:2f|5c|2e|[01][0-9a-f]|7f)/i;

/**
 * Only same-origin relative paths are followed after sign-in; anything else falls back, so the sign-in and
 * sign-up pages are no open redirect. The check runs on the path as a browser would resolve it: "/..//evil"
 * and "/.//evil" collapse to "//evil" (another host), so the normalised result is checked again, and only
 * that normalised form is ever returned.
 */
export function safeCallbackUrl(value: string | null | undefined, fallback = "/billing"): string {
  if (typeof value !== "string" || value === "" || value.length > 2048) return fallback;
  // Browsers drop tabs and newlines anywhere in a URL and read "\" as "/": "/\t/evil" and "/\evil" are "//evil".
  if (/[\u0000-\u0020\u007f\\]/.test(value)) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  try {
    const url = new URL(value, BASE);
    if (url.origin !== BASE) return fallback;
    if (url.pathname.startsWith("//") || SUSPICIOUS_ESCAPE.test(url.pathname)) return fallback;
    if (url.pathname.startsWith("/signin") || url.pathname.startsWith("/signup")) return fallback;
    const target = `${url.pathname}${url.search}${url.hash}`;
    // What we hand out must resolve to itself on this origin, or the browser could still read it differently.
    const again = new URL(target, BASE);
    if (again.origin !== BASE || `${again.pathname}${again.search}${again.hash}` !== target) return fallback;
    return target;
  } catch {
    return fallback;
  }
}
