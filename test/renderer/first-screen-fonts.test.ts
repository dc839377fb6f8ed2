/**
 * The early script's font lookups (issue #15, cold start): in the stylesheet's family, every
 * listed weight and size once, each in a task of its own so that none holds the page's module.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FIRST_SCREEN_FONTS,
  FONT_STACK,
  WARM_TEXT,
  warmFirstScreenFonts,
} from '../../src/renderer/first-screen-fonts';

describe('the first screen’s fonts', () => {
  it('use the family base.css gives the page', () => {
    const css = readFileSync(new URL('../../src/renderer/styles/base.css', import.meta.url), 'utf8');
    expect(/--font:\s*([^;]+);/.exec(css)?.[1]).toBe(FONT_STACK);
  });

  it('are each measured once, one task each, none before its task runs', () => {
    const measured: string[] = [];
    const context = {
      font: '',
      measureText(text: string) {
        measured.push(`${this.font} ${text}`);
      },
    };
    const tasks: (() => void)[] = [];
    warmFirstScreenFonts(context, (task) => tasks.push(task));
    expect(measured).toEqual([]);
    expect(tasks).toHaveLength(FIRST_SCREEN_FONTS.length);
    for (const [i, task] of tasks.entries()) {
      task();
      expect(measured).toHaveLength(i + 1);
    }
    expect(measured).toEqual(FIRST_SCREEN_FONTS.map((f) => `${f} ${FONT_STACK} ${WARM_TEXT}`));
    // The family's letters and an emoji (found in another font by a fallback search).
    expect(WARM_TEXT).toBe('Aa👍');
    expect(new Set(FIRST_SCREEN_FONTS).size).toBe(FIRST_SCREEN_FONTS.length);
  });

  it('are skipped without a 2D canvas', () => {
    const tasks: (() => void)[] = [];
    warmFirstScreenFonts(null, (task) => tasks.push(task));
    expect(tasks).toEqual([]);
  });
});
