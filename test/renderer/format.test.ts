import { describe, expect, it } from 'vitest';
import { initials, shortId } from '../../src/renderer/messaging/format';

const id = `05${'ab'.repeat(32)}`;

describe('display helpers', () => {
  it('make initials from letters and digits only', () => {
    expect(initials('Alice (club)', id)).toBe('AC');
    expect(initials('Zoé', id)).toBe('Z');
    expect(initials('  élodie  martin ', id)).toBe('ÉM');
    expect(initials('(( ))', id)).toBe('AB');
    expect(initials(null, id)).toBe('AB');
  });

  it('shorten a Session ID for lists', () => {
    expect(shortId(id)).toBe('05abab…abab');
  });
});
