/**
 * Opening a conversation whose messages are not read yet (issue #15: first paint ≤ 50 ms): the
 * view and its newest page arrive in the store together, so the first render of the view
 * already has its messages; an answer that takes long shows the view first.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VeilBridge } from '../../src/shared/ipc/bridge';
import type { Message } from '../../src/shared/ipc/messaging';
import { useMessaging } from '../../src/renderer/messaging/store';

const message = { id: 'm1', shownAt: 1, body: 'hello' } as unknown as Message;

/** A bridge whose `messages.page` answers when the test says so. */
function fakeBridge() {
  const answers: ((page: Message[]) => void)[] = [];
  const bridge = {
    host: 'browser',
    invoke: (name: string) =>
      name === 'messages.page'
        ? new Promise((resolve) => answers.push((page) => resolve({ ok: true, value: page })))
        : Promise.resolve({ ok: true, value: null }),
    on: () => () => undefined,
  } as unknown as VeilBridge;
  return { bridge, answer: (page: Message[]) => answers.shift()?.(page) };
}

/** Each state the store went through while `run` ran. */
async function states(run: () => Promise<void>) {
  const seen: { selected: string | undefined; loaded: boolean }[] = [];
  const stop = useMessaging.subscribe((s) => {
    seen.push({ selected: s.selected, loaded: s.messages.c1 !== undefined });
  });
  await run();
  stop();
  return seen;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('requestAnimationFrame', (f: () => void) => setTimeout(f, 0));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  useMessaging.setState({ selected: undefined, messages: {}, hasOlder: {}, bridge: undefined });
});

describe('opening a conversation not read yet', () => {
  it('shows the view and its newest messages in one change of the store', async () => {
    const { bridge, answer } = fakeBridge();
    useMessaging.setState({ bridge });
    const seen = await states(async () => {
      const opening = useMessaging.getState().select('c1');
      await vi.advanceTimersByTimeAsync(20);
      answer([message]);
      await opening;
    });
    expect(seen).toEqual([{ selected: 'c1', loaded: true }]);
  });

  it('an answer that takes long: the view first, its messages when they come', async () => {
    const { bridge, answer } = fakeBridge();
    useMessaging.setState({ bridge });
    const seen = await states(async () => {
      const opening = useMessaging.getState().select('c1');
      await vi.advanceTimersByTimeAsync(1_000);
      answer([message]);
      await opening;
    });
    expect(seen).toEqual([
      { selected: 'c1', loaded: false },
      { selected: 'c1', loaded: true },
    ]);
  });

  it('a page asked for as the pointer went down is the one the click uses', async () => {
    const calls: string[] = [];
    const { bridge, answer } = fakeBridge();
    const counting = {
      ...bridge,
      invoke: (name: string, args: unknown) => {
        calls.push(name);
        return (bridge.invoke as (n: string, a: unknown) => Promise<unknown>)(name, args);
      },
    } as unknown as VeilBridge;
    useMessaging.setState({ bridge: counting });
    useMessaging.getState().prefetch('c1');
    const opening = useMessaging.getState().select('c1');
    answer([message]);
    await opening;
    expect(calls.filter((n) => n === 'messages.page')).toHaveLength(1);
    expect(useMessaging.getState().messages.c1).toEqual([message]);
    // Taken once: opening it again after it was dropped asks again.
    useMessaging.setState({ messages: {} });
    const again = useMessaging.getState().select('c1');
    answer([message]);
    await again;
    expect(calls.filter((n) => n === 'messages.page')).toHaveLength(2);
  });

  it('another conversation chosen meanwhile stays shown; the late page is kept', async () => {
    const { bridge, answer } = fakeBridge();
    useMessaging.setState({ bridge, messages: { c2: [] } });
    const opening = useMessaging.getState().select('c1');
    await useMessaging.getState().select('c2');
    answer([message]);
    await opening;
    expect(useMessaging.getState().selected).toBe('c2');
    expect(useMessaging.getState().messages.c1).toEqual([message]);
  });
});
