import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, Result, RunOptions } from 'axe-core';

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: what issue #23 asks of every screen. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] as const;

let source: string | undefined;
function axeSource(): string {
  source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

/**
 * Puts axe-core into the page. The app's CSP forbids inline scripts, so a <script> tag would be
 * refused; DevTools-protocol evaluation is not subject to the page's CSP, so the source runs there.
 */
async function inject(page: Page): Promise<void> {
  const present = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (present) return;
  await page.evaluate(`${axeSource()}\n;void 0`);
}

/** One line per violation: rule, impact, help, and the CSS targets of its nodes with a reason. */
export function describeViolations(violations: readonly Result[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `    ${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`)
        .join('\n');
      return `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${nodes}`;
    })
    .join('\n');
}

/** Runs axe on the whole page (or `include`, a CSS selector) and returns its violations. */
export async function axeViolations(page: Page, include?: string): Promise<Result[]> {
  await inject(page);
  const results = await page.evaluate(
    async ({ tags, include }) => {
      const axe = (
        window as unknown as {
          axe: { run: (context: string | Document, options: RunOptions) => Promise<AxeResults> };
        }
      ).axe;
      const r: AxeResults = await axe.run(include ?? document, {
        runOnly: { type: 'tag', values: [...tags] },
        resultTypes: ['violations'],
      });
      // Only what can cross the protocol: plain data.
      return JSON.parse(JSON.stringify(r.violations)) as Result[];
    },
    { tags: WCAG_TAGS, include },
  );
  return results;
}

/** Fails with every violating rule and its nodes when axe finds anything on the page. */
export async function expectNoAxeViolations(page: Page, screen: string, include?: string): Promise<void> {
  const violations = await axeViolations(page, include);
  if (violations.length > 0) {
    throw new Error(
      `axe: ${violations.length} WCAG 2.2 A/AA rule(s) fail on ${screen}:\n${describeViolations(violations)}`,
    );
  }
}
