// Looking at a page the way issue #18 asked, at both widths a person uses: axe (serious and critical findings),
// exactly one h1, no sideways scroll, and a full-page screenshot to look at (an artefact under test-results/,
// never committed). Shared by the page tour (pages.spec.ts) and the journeys that reach a state by acting.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const WIDTHS = [1280, 390] as const;

/**
 * axe with every default rule at each width, run the pre-4.3 way (axe.run inside the page) when the page has no
 * frames, and axe-core injected once per document. The harness's default (runPartial, then finishRun in a new blank
 * tab, axe-core's 0.5 MB injected into both, and again on every call) spent most of each scan on itself. Measured on
 * /admin/tenants, /admin/webhooks and /pricing at both widths (load average 4-5): 1.0-1.9 s a scan by default and
 * 0.5-0.7 s of that with a single trivial rule; in the page 0.4-0.75 s, with the same violations, an injected
 * contrast and a label failure included; of those, each injection took 0.1-0.5 s and the rules 0.07-0.17 s. Over
 * the admin and signed-out tours' 46 scans (load 7): 68 s by default, 26 s in the page, 23 s injected once. Both
 * widths still get every rule: the rules were never the cost, and the media queries here change what is shown (the
 * admin menu button, stacked tables), colours and layout (contrast, scrollable regions), which one width would miss.
 * The blank tab only matters for cross-origin frames, which the in-page run cannot reach: a page with frames (a real
 * Stripe.js card form) keeps the default. Only violations are needed, so axe reports passes and the rest with one
 * node each instead of serialising every node.
 */
async function axeBuilder(page: Page, include: string | undefined): Promise<AxeBuilder> {
  const framed = page.frames().length > 1;
  // Same document as the previous width's scan (lookAt does not navigate): axe-core is still loaded; the harness
  // injects whatever source it is given, so a no-op source skips a second copy.
  const loaded = !framed && (await page.evaluate(() => typeof (window as { axe?: { run?: unknown } }).axe?.run === "function"));
  const builder = new AxeBuilder(loaded ? { page, axeSource: ";" } : { page }).options({ resultTypes: ["violations"] });
  if (include) builder.include(include);
  return framed ? builder : builder.setLegacyMode(true);
}

/**
 * Checks the page as it is now (no navigation) at each width; answers the serious findings per width. `include`
 * narrows axe to the part a journey changed (axe is the slow part on a long page); the rest is checked as is.
 */
export async function lookAt(page: Page, name: string, dir: string, options: { include?: string } = {}): Promise<number[]> {
  const counts: number[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    // Layout settles after a resize; one animation frame is enough for the measurements below.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    const results = await (await axeBuilder(page, options.include)).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    counts.push(serious.length);
    expect
      .soft(
        serious.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`),
        `axe on ${name} at ${width} px`,
      )
      .toEqual([]);
    expect.soft(await page.locator("h1").count(), `one h1 on ${name} at ${width} px`).toBe(1);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect.soft(scrollWidth, `${name} at ${width} px must not scroll sideways`).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
  }
  return counts;
}
