/**
 * Test doubles shared by the renderer stores' tests: a bridge whose answers come when the test
 * says so and whose events the test sends, and a community post.
 */
import type { VeilBridge } from '../../src/shared/ipc/bridge';
import type { CommunityPost } from '../../src/shared/ipc/communities';

type Handler = (payload: unknown) => void;

/** A bridge whose answers come when the test says so, and whose events the test sends. */
export function fakeBridge() {
  const pending = new Map<string, ((value: unknown) => void)[]>();
  const handlers = new Map<string, Handler[]>();
  const bridge = {
    host: 'browser',
    invoke: (name: string) =>
      new Promise((resolve) => {
        const list = pending.get(name) ?? [];
        list.push((value) => resolve({ ok: true, value }));
        pending.set(name, list);
      }),
    on: (name: string, handler: Handler) => {
      handlers.set(name, [...(handlers.get(name) ?? []), handler]);
      return () => {
        handlers.set(
          name,
          (handlers.get(name) ?? []).filter((h) => h !== handler),
        );
      };
    },
  } as unknown as VeilBridge;
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return {
    bridge,
    asked: (name: string) => pending.get(name)?.length ?? 0,
    answer: async (name: string, value: unknown) => {
      pending.get(name)?.shift()?.(value);
      await tick();
    },
    /** Answers the request asked for last (answers come on their own requests, in any order). */
    answerLast: async (name: string, value: unknown) => {
      pending.get(name)?.pop()?.(value);
      await tick();
    },
    emit: (name: string, payload: unknown) => handlers.get(name)?.forEach((h) => h(payload)),
    tick,
  };
}

export const post = (id: number, patch: Partial<CommunityPost> = {}): CommunityPost => ({
  roomId: 1,
  id,
  sender: `15${'ab'.repeat(32)}`,
  senderName: null,
  body: `post ${id}`,
  sentAt: 1_700_000_000_000 + id,
  edited: false,
  deleted: false,
  mine: false,
  reactions: [],
  ...patch,
});
