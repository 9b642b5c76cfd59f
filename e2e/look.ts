// Looking at a page the way issue #18 asked, at both widths a person uses: axe (serious and critical findings),
// exactly one h1, no sideways scroll, and a full-page screenshot to look at (an artefact under test-results/,
// never committed). Shared by the page tour (pages.spec.ts) and the journeys that reach a state by acting.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const WIDTHS = [1280, 390] as const;

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
    const axe = new AxeBuilder({ page });
    if (options.include) axe.include(options.include);
    const results = await axe.analyze();
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
