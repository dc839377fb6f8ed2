/**
 * The page's first script asks for the first screen's state before the page's module runs
 * (issue #15, cold start): it listens first, then asks; events heard before the store listens
 * reach it in order; the bridge takes that answer once instead of asking again.
 */
import { describe, expect, it } from 'vitest';
import type { RawBridge } from '../../src/shared/ipc/bridge';
import { createBridge } from '../../src/renderer/bridge';
import { holdingEvents, startEarly } from '../../src/renderer/early-start';

function fakeRaw() {
  const log: string[] = [];
  let emit: ((name: string, payload: unknown) => void) | undefined;
  const raw: RawBridge = {
    host: 'browser',
    invoke: (name) => {
      log.push(`invoke ${name}`);
      return Promise.resolve({ ok: false, error: { code: 'unavailable', message: `raw ${name}` } });
    },
    on: (listener) => {
      log.push('on');
      emit = listener;
      return () => undefined;
    },
  };
  return { raw, log, emit: (name: string, payload: unknown) => emit?.(name, payload) };
}

describe('the page’s first script', () => {
  it('listens before it asks for the first screen’s state, and asks once', () => {
    const { raw, log } = fakeRaw();
    startEarly(raw);
    expect(log).toEqual(['on', 'invoke app.initialState']);
  });

  it('holds events heard before anyone listens, for every listener of the first task, in order', async () => {
    const { raw, emit } = fakeRaw();
    const held = holdingEvents(raw);
    emit('a', 1);
    emit('b', 2);
    const first: string[] = [];
    const second: string[] = [];
    held.on((name) => first.push(name));
    emit('c', 3); // heard after the first listener but before the held ones are delivered
    held.on((name) => second.push(name));
    expect(first).toEqual([]);
    await Promise.resolve();
    expect(first).toEqual(['a', 'b', 'c']);
    expect(second).toEqual(['a', 'b', 'c']);
    emit('d', 4);
    expect(first).toEqual(['a', 'b', 'c', 'd']);
    expect(second).toEqual(['a', 'b', 'c', 'd']);
  });

  it('gives the answer it got to the bridge’s first app.initialState, and only to that one', async () => {
    const { raw, log } = fakeRaw();
    const early = startEarly(raw);
    const answer = { ok: false, error: { code: 'unauthorized', message: 'early answer' } };
    const bridge = createBridge(early.raw, Promise.resolve(), Promise.resolve(answer));
    expect(await bridge.invoke('app.initialState', {})).toEqual(answer);
    expect(log).toEqual(['on', 'invoke app.initialState']);
    const again = await bridge.invoke('app.initialState', {});
    expect(again).toEqual({ ok: false, error: { code: 'unavailable', message: 'raw app.initialState' } });
    expect(log).toEqual(['on', 'invoke app.initialState', 'invoke app.initialState']);
  });
});
