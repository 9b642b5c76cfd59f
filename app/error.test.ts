// The 500 page shows the error id (Next's digest, the same id the server logged) and a way back; rendered
// to HTML here because a production build offers no honest way to make a page fail on demand.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import AppError from "./error";
import GlobalError from "./global-error";

describe("error pages", () => {
  it("app/error.tsx: a 500 with the error id, a retry and a way home", () => {
    const error = Object.assign(new Error("secret detail"), { digest: "1234567890" });
    const html = renderToStaticMarkup(createElement(AppError, { error, reset: () => {} }));
    expect(html).toMatch(/<h1[^>]*>Something went wrong<\/h1>/);
    expect(html).toContain("Error id: <code>1234567890</code>");
    expect(html).toContain("Try again");
    expect(html).toContain('href="/"');
    // The message of a server error never reaches the browser.
    expect(html).not.toContain("secret detail");
  });

  it("app/global-error.tsx: its own document, with the error id", () => {
    const error = Object.assign(new Error("boom"), { digest: "abc-42" });
    const html = renderToStaticMarkup(createElement(GlobalError, { error }));
    expect(html).toMatch(/^<html lang="en">/);
    expect(html).toContain("Error id: <code>abc-42</code>");
  });
});
