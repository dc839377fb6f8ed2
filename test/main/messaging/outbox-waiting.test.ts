import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../../src/main/db';
import { WaitingRows } from '../../../src/main/messaging/outbox-waiting';

const item = (n: number): OutboxItem => ({ body: `m${n}` }) as unknown as OutboxItem;

describe('rows waiting in memory for a slot', () => {
  it('leave oldest first, at most the room, only those still queued', () => {
    const w = new WaitingRows();
    for (let n = 0; n < 5; n++) w.add(`k${n}`, item(n));
    w.delete('k1'); // started by a kick from the disk
    const taken = w.take(2, (i) => i.body !== 'm2'); // m2's message was deleted meanwhile
    expect(taken.map(([key]) => key)).toEqual(['k0', 'k3']);
    expect(w.size).toBe(1);
    expect(w.has('k4')).toBe(true);
  });

  it('asks for one more read of the disk when emptied after a full window of keys', () => {
    const w = new WaitingRows();
    w.add('k0', item(0));
    w.recheck = true;
    expect(w.drained()).toBe(false); // not empty yet
    w.take(1, () => true);
    expect(w.drained()).toBe(true);
    expect(w.drained()).toBe(false); // once
  });
});
