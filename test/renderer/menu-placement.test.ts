import { describe, expect, it } from 'vitest';
import { opensUpward } from '../../src/renderer/messaging/menu-placement';

// The message list shows y 70..740 (as in a 800-pixel window); a menu is 200 pixels high.
const view = { top: 70, bottom: 740 };

describe('a message context menu', () => {
  it('opens below a bubble when it fits below', () => {
    expect(opensUpward({ top: 100, bottom: 150 }, 200, view)).toBe(false);
    expect(opensUpward({ top: 480, bottom: 540 }, 200, view)).toBe(false);
  });

  it('opens above the last bubbles, where below it would be cut off by the list', () => {
    expect(opensUpward({ top: 670, bottom: 720 }, 200, view)).toBe(true);
    expect(opensUpward({ top: 500, bottom: 541 }, 200, view)).toBe(true);
  });

  it('goes where more of it shows when it fits neither way', () => {
    const short = { top: 70, bottom: 240 };
    expect(opensUpward({ top: 80, bottom: 100 }, 200, short)).toBe(false);
    expect(opensUpward({ top: 200, bottom: 220 }, 200, short)).toBe(true);
  });
});
