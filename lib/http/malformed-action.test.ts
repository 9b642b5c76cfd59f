import { describe, expect, it } from "vitest";
import { isMalformedActionRequest } from "./malformed-action";

const action = (body: string, type = "text/plain;charset=UTF-8") =>
  new Request("http://localhost/billing", { method: "POST", headers: { "next-action": "7f00", "content-type": type }, body });

describe("isMalformedActionRequest", () => {
  it("lets through what React encodes: a JSON array of arguments, or form data", async () => {
    expect(await isMalformedActionRequest(action('[{"planKey":"pro-month"}]'))).toBe(false);
    expect(await isMalformedActionRequest(action('["$K1"]'))).toBe(false);
    expect(await isMalformedActionRequest(action("--x\r\n", "multipart/form-data; boundary=x"))).toBe(false);
  });

  it("refuses text bodies that are not a JSON array", async () => {
    for (const body of ["", "{", "[1,2", "{}", "x".repeat(10_000), "\u0000"]) {
      expect(await isMalformedActionRequest(action(body))).toBe(true);
    }
  });

  it("ignores requests that are not server actions", async () => {
    expect(await isMalformedActionRequest(new Request("http://localhost/", { method: "POST", body: "{" }))).toBe(false);
    expect(await isMalformedActionRequest(new Request("http://localhost/"))).toBe(false);
  });
});
