/**
 * Layout measures for e2e assertions (spacing a newcomer saw missing): boxes in CSS pixels of
 * the page, read with Playwright's boundingBox.
 */
import type { Locator } from 'playwright-core';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export async function boxOf(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (!b) throw new Error('not laid out (hidden or detached)');
  return b;
}

/** Pixels from the bottom of `upper` to the top of `lower` (negative when they overlap). */
export async function gapBelow(upper: Locator, lower: Locator): Promise<number> {
  const [a, b] = [await boxOf(upper), await boxOf(lower)];
  return b.y - (a.y + a.height);
}

/**
 * A header's title and its button: the title on one line (at most 1.6 of its font size high),
 * and the button either under it or beside it with at least `minGap` pixels between them.
 * Returns what is wrong, or undefined.
 */
export async function headerProblem(
  title: Locator,
  button: Locator,
  minGap = 8,
): Promise<string | undefined> {
  const [t, b] = [await boxOf(title), await boxOf(button)];
  const fontSize = await title.evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  if (t.height > fontSize * 1.6) return `title on more than one line (${t.height} px high)`;
  if (b.y >= t.y + t.height) return undefined;
  const gap = b.x - (t.x + t.width);
  return gap >= minGap ? undefined : `button ${gap.toFixed(1)} px from the title`;
}
