import { describe, expect, it } from 'vitest';
import { clockOffsetText } from '../../src/renderer/network/clock-offset';

describe('the Network page’s clock offset', () => {
  it('uses the language’s decimal separator', () => {
    expect(clockOffsetText(1530, 'fr')).toBe('1,5');
    expect(clockOffsetText(-2500, 'en')).toBe('-2.5');
    expect(clockOffsetText(-2500, 'fr')).toBe('-2,5');
  });

  it('reads 0.0 for a few milliseconds either way, never -0.0', () => {
    expect(clockOffsetText(-40, 'en')).toBe('0.0');
    expect(clockOffsetText(-40, 'fr')).toBe('0,0');
    expect(clockOffsetText(0, 'en')).toBe('0.0');
  });
});
