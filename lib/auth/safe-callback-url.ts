// Shared by server and client code: no server-only import.

/**
 * Only same-origin relative paths are followed after sign-in; anything else (absolute URLs,
 * protocol-relative `//host`, backslash tricks) falls back, so the sign-in page is no open redirect.
 */
export function safeCallbackUrl(value: string | null | undefined, fallback = "/billing"): string {
  if (!value || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  // Control characters can be stripped by browsers, turning "/\t/evil" into "//evil".
  if (/[\u0000-\u001f\u007f]/.test(value)) return fallback;
  try {
    const base = "http://same-origin.invalid";
    const url = new URL(value, base);
    if (url.origin !== base) return fallback;
    if (url.pathname.startsWith("/signin") || url.pathname.startsWith("/signup")) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
