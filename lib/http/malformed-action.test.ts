import { describe, expect, it } from "vitest";
import { refuseHostileRequest } from "./malformed-action";
import { ACTION_REFUSALS } from "@/lib/format/action-refusals";

const action = (body: string, type = "text/plain;charset=UTF-8", headers: Record<string, string> = {}) =>
  new Request("http://localhost/billing", { method: "POST", headers: { "next-action": "7f00", "content-type": type, host: "localhost", ...headers }, body });

function multipart(parts: Record<string, string>, boundary = "xyz") {
  const body = Object.entries(parts)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join("");
  return action(`${body}--${boundary}--\r\n`, `multipart/form-data; boundary=${boundary}`);
}

const isMalformedActionRequest = async (request: Request) => (await refuseHostileRequest(request)) !== null;

describe("refuseHostileRequest", () => {
  it("lets through what React encodes: a JSON array of arguments, or form data", async () => {
    expect(await isMalformedActionRequest(action('[{"planKey":"pro-month"}]'))).toBe(false);
    expect(await isMalformedActionRequest(action('["$K1"]'))).toBe(false);
    expect(await isMalformedActionRequest(action('["$$literal", "$D2026-01-01T00:00:00.000Z", "$n12", "$undefined", "$-0"]'))).toBe(false);
    expect(await isMalformedActionRequest(multipart({ "0": '["$K1"]', "1_name": "Ada", "1_email": "ada@example.test" }))).toBe(false);
    expect(await isMalformedActionRequest(multipart({ "0": '["$1"]', "1": '{"a":1}' }))).toBe(false);
  });

  it("refuses text bodies that are not a JSON array", async () => {
    for (const body of ["", "{", "[1,2", "{}", "x".repeat(10_000), "\u0000"]) {
      expect(await isMalformedActionRequest(action(body))).toBe(true);
    }
  });

  it("refuses references to parts the body does not hold, deep nesting and NUL bytes (issue #12 finding 7)", async () => {
    for (const body of ['["$Q1"]', '["$F1"]', '["$B1"]', '["$W1"]', '["$@1"]', '["$1"]', '["$T"]', '["$nxyz"]', '["a\\u0000b"]']) {
      expect(await refuseHostileRequest(action(body)), body).toEqual({ status: 400, error: ACTION_REFUSALS.malformed });
    }
    const deep = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;
    expect(await refuseHostileRequest(action(deep))).toMatchObject({ status: 400 });
    expect(await refuseHostileRequest(multipart({ "0": '["$K1"]', "1_name": "A\u0000da" }))).toMatchObject({ status: 400 });
    expect(await refuseHostileRequest(multipart({ "0": '["$Q2"]' }))).toMatchObject({ status: 400 });
  });

  it("refuses broken multipart, bodies over 1 MiB (declared or not) and other origins", async () => {
    expect(await refuseHostileRequest(action("--x\r\n", "multipart/form-data; boundary=x"))).toMatchObject({ status: 400 });
    expect(await refuseHostileRequest(action(`["${"a".repeat(1024 * 1024)}"]`))).toMatchObject({ status: 413 });
    const chunked = new Request("http://localhost/billing", {
      method: "POST",
      headers: { "next-action": "7f00", host: "localhost" },
      body: new Blob([`["${"a".repeat(1024 * 1024)}"]`]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(await refuseHostileRequest(chunked)).toMatchObject({ status: 413 });
    expect(await refuseHostileRequest(action("[]", undefined, { origin: "https://evil.example" }))).toMatchObject({ status: 403 });
    expect(await refuseHostileRequest(action("[]", undefined, { origin: "null" }))).toMatchObject({ status: 403 });
    expect(await refuseHostileRequest(action("[]", undefined, { origin: "http://localhost" }))).toBeNull();
  });

  it("refuses methods Next does not route and NUL bytes in the URL, on any request", async () => {
    // (undici's Request refuses to build TRACE and TRACK; the e2e suite sends them over a socket.)
    for (const method of ["PROPFIND", "BREW", "LOCK"]) {
      expect(await refuseHostileRequest(new Request("http://localhost/", { method }))).toMatchObject({ status: 405 });
    }
    expect(await refuseHostileRequest(new Request("http://localhost/admin/tenants?q=a%00b"))).toMatchObject({ status: 400 });
    expect(await refuseHostileRequest(new Request("http://localhost/admin/tenants?q=ab"))).toBeNull();
  });

  it("ignores requests that are not server actions", async () => {
    expect(await isMalformedActionRequest(new Request("http://localhost/", { method: "POST", body: "{" }))).toBe(false);
    expect(await isMalformedActionRequest(new Request("http://localhost/"))).toBe(false);
  });
});
