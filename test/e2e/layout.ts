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
