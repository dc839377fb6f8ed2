import { describe, expect, it } from 'vitest';
import { PAGE_ICONS } from '../../src/renderer/sections/settings-icons';

describe('the settings menu', () => {
  it('gives each page an icon of its own (Export / import had the recovery password key)', () => {
    const kinds = Object.values(PAGE_ICONS).map((icon) => icon().type);
    expect(new Set(kinds).size).toBe(kinds.length);
  });
});
