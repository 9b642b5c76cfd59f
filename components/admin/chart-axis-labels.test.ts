// The admin charts' axis labels say the figures drawn: a month without losses has no "−$0.01" floor, an empty MRR
// history no "$0.01" top (the one-minor-unit span only keeps the scale finite), and a loss is written with a minus.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { RevenueMonth } from "@/lib/admin/get-revenue";
import { MrrChart } from "./mrr-chart";
import { MrrMovementsChart } from "./mrr-movements-chart";

const month = (m: string, moves: Partial<RevenueMonth>): RevenueMonth => ({
  month: m,
  new: 0,
  expansion: 0,
  contraction: 0,
  churn: 0,
  net: 0,
  mrr: 0,
  ...moves,
});

/** The SVG's text labels, in document order. */
function labels(html: string): string[] {
  return [...html.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? "");
}

describe("admin chart axis labels", () => {
  it("MRR movements with gains only: the loss axis reads $0.00, not −$0.01", () => {
    const html = renderToStaticMarkup(createElement(MrrMovementsChart, { months: [month("2026-11-01", { new: 4900 })], currency: "usd" }));
    expect(labels(html).slice(0, 2)).toEqual(["+$49.00", "$0.00"]);
    expect(html).not.toContain("0.01");
  });

  it("MRR movements with losses: the loss axis carries a minus sign (U+2212)", () => {
    const html = renderToStaticMarkup(createElement(MrrMovementsChart, { months: [month("2026-11-01", { churn: 1900 })], currency: "usd" }));
    expect(labels(html).slice(0, 2)).toEqual(["$0.00", "\u2212$19.00"]);
  });

  it("an MRR line that stays at zero is labelled $0.00 top and bottom", () => {
    const series = [{ day: "2026-11-01", mrr: 0 }, { day: "2026-12-01", mrr: 0 }];
    const html = renderToStaticMarkup(createElement(MrrChart, { series, currency: "usd" }));
    expect(labels(html).slice(0, 2)).toEqual(["$0.00", "$0.00"]);
    expect(html).not.toContain("0.01");
  });
});
