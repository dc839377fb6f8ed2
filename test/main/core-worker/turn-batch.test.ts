/** The core's thread posts once per turn, in order (issue #15: CPU per message). */
import { describe, expect, it } from 'vitest';
import { TurnBatch } from '../../../src/main/core-worker/turn-batch';

describe('TurnBatch', () => {
  it('sends what one turn pushed as one post, in order, after its microtasks', async () => {
    const posts: string[][] = [];
    const batch = new TurnBatch<string>((items) => posts.push(items));
    batch.push('messages.changed');
    // A call's answer comes a few promise steps after the events it caused.
    await Promise.resolve();
    await Promise.resolve();
    batch.push('result');
    expect(posts).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(posts).toEqual([['messages.changed', 'result']]);

    batch.push('next turn');
    await new Promise((r) => setImmediate(r));
    expect(posts).toEqual([['messages.changed', 'result'], ['next turn']]);
  });

  it('flush sends at once (before the port closes), and the scheduled turn then sends nothing twice', async () => {
    const posts: number[][] = [];
    const batch = new TurnBatch<number>((items) => posts.push(items));
    batch.push(1);
    batch.push(2);
    batch.flush();
    expect(posts).toEqual([[1, 2]]);
    await new Promise((r) => setImmediate(r));
    expect(posts).toEqual([[1, 2]]);
    // Pushed after a flush, before the first turn ran: sent by a later turn, not lost.
    batch.push(3);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(posts).toEqual([[1, 2], [3]]);
  });

  it('an item pushed `now` leaves at once with what waited before it, in order', async () => {
    const posts: string[][] = [];
    const batch = new TurnBatch<string>((items) => posts.push(items));
    batch.push('messages.stored');
    batch.push('result', true);
    expect(posts).toEqual([['messages.stored', 'result']]);
    // Events after the answer wait for the end of the turn; the turn has nothing else to send.
    batch.push('messages.changed');
    expect(posts).toHaveLength(1);
    await new Promise((r) => setImmediate(r));
    expect(posts).toEqual([['messages.stored', 'result'], ['messages.changed']]);
  });
});
