import { describe, expect, it } from 'vitest';
import { isMessageId, newMessageId } from '../../../src/main/db/ids';

describe('newMessageId', () => {
  it('is a UUID of version 7 carrying its time in ms', () => {
    const id = newMessageId(1_754_971_101_123);
    expect(isMessageId(id)).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(1_754_971_101_123);
  });

  it('sorts ids made later after earlier ones (new rows go at the end of the b-trees keyed by id)', () => {
    const ids = Array.from({ length: 200 }, (_, i) => newMessageId(1_754_971_101_000 + i));
    expect([...ids].sort()).toEqual(ids);
    // The default clock too: ids of distinct milliseconds keep their order.
    const a = newMessageId();
    const b = newMessageId(Date.now() + 1);
    expect(a < b).toBe(true);
  });

  it('differs within the same millisecond', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newMessageId(1_754_971_101_000)));
    expect(ids.size).toBe(1000);
  });
});
