// Looking at a page the way issue #18 asked, at both widths a person uses: axe (serious and critical findings),
// exactly one h1, no sideways scroll, and a full-page screenshot to look at (an artefact under test-results/,
// never committed). Shared by the page tour (pages.spec.ts) and the journeys that reach a state by acting.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const WIDTHS = [1280, 390] as const;

/**
 * axe with every default rule at each width, run the pre-4.3 way (axe.run inside the page) when the page has no
 * frames. The default way (runPartial, then finishRun in a new blank tab, with axe-core injected into both) spent
 * most of each scan on that harness: on /admin/tenants, /admin/webhooks and /pricing at both widths (load average 4-5),
 * 1.0-1.9 s a scan by default (0.5-0.7 s of it with a single trivial rule), 0.4-0.75 s in the page, with the same
 * violations, an injected contrast and label failure included. Both widths still get every rule: the rules were
 * never the cost, and media queries here change what is shown (the admin menu button, stacked tables) and colours
 * and layout (contrast, scrollable regions), which a scan at one width would not see. The blank tab only matters for cross-origin frames, which the in-page run cannot reach: a page with
 * frames (a real Stripe.js card form) keeps the default. Only violations are needed, so axe reports passes and the
 * rest with one node each instead of serialising every node.
 */
function axeBuilder(page: Page, include: string | undefined): AxeBuilder {
  const builder = new AxeBuilder({ page }).options({ resultTypes: ["violations"] });
  if (include) builder.include(include);
  return page.frames().length > 1 ? builder : builder.setLegacyMode(true);
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
    const results = await axeBuilder(page, options.include).analyze();
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
