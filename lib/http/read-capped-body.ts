/**
 * Reads a request body as UTF-8 text, giving up as soon as it exceeds `maxBytes` — also when no Content-Length
 * was sent (chunked), so an oversized body is never buffered whole. Null means "too large". Used for webhook
 * deliveries and, on a clone, for server-action bodies the proxy inspects (malformed-action.ts).
 */
export async function readCappedBody(req: Request, maxBytes: number): Promise<string | null> {
  const declared = Number(req.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Not awaited: cancelling one branch of a cloned (teed) body settles only once the other is cancelled too.
      reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString("utf8");
}
