/**
 * The hash of every store into our own swarm (sync copies, Note to Self) reaches the poller of
 * that swarm, which then skips the copy instead of decrypting it again; other stores do not.
 */
import { describe, expect, it } from 'vitest';
import type { SessionId } from '../../../src/crypto/keys';
import { rememberingOwnStores } from '../../../src/main/core/own-copies';
import type { MessageTransport } from '../../../src/main/messaging/deps';

const ME = `05${'aa'.repeat(32)}` as SessionId;
const BOB = `05${'bb'.repeat(32)}` as SessionId;

function fakeTransport(): MessageTransport & { readonly stores: SessionId[] } {
  const stores: SessionId[] = [];
  return {
    stores,
    now: () => 1,
    localNow: () => 1,
    store: (recipient) => {
      stores.push(recipient);
      return Promise.resolve({ hash: `hash-${stores.length}-${recipient.slice(2, 4)}` });
    },
  };
}

describe('rememberingOwnStores', () => {
  it('tells the poller the hashes of our own stores only, and answers every store as before', async () => {
    const inner = fakeTransport();
    const remembered: string[] = [];
    const transport = rememberingOwnStores(
      inner,
      () => ME,
      () => ({ storedHere: (h) => remembered.push(h) }),
    );
    expect(await transport.store(BOB, new Uint8Array(1))).toEqual({ hash: 'hash-1-bb' });
    expect(await transport.store(ME, new Uint8Array(1))).toEqual({ hash: 'hash-2-aa' });
    expect(inner.stores).toEqual([BOB, ME]);
    expect(remembered).toEqual(['hash-2-aa']);
    expect(transport.now()).toBe(1);
  });

  it('stores without a poller (none yet, or offline) and passes a failed store on', async () => {
    const inner = fakeTransport();
    const transport = rememberingOwnStores(
      inner,
      () => ME,
      () => undefined,
    );
    expect(await transport.store(ME, new Uint8Array(1))).toEqual({ hash: 'hash-1-aa' });
    const failing = rememberingOwnStores(
      { ...inner, store: () => Promise.reject(new Error('offline')) },
      () => ME,
      () => ({ storedHere: () => expect.fail('nothing was stored') }),
    );
    await expect(failing.store(ME, new Uint8Array(1))).rejects.toThrow('offline');
  });
});
