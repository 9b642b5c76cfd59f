// A server action call is a POST with a `Next-Action` header and the arguments encoded by React: a JSON array as
// text, or multipart form data. Next answers a text body that does not decode with a 500; the proxy refuses it
// with a 400 first, so junk from a client is the client's error.

export async function isMalformedActionRequest(request: Request): Promise<boolean> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return false;
  const type = request.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded")) return false;
  try {
    return !Array.isArray(JSON.parse(await request.clone().text()));
  } catch {
    return true;
  }
}
