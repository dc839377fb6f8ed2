/**
 * Our own stores, not fetched back as news. Session sends a sync copy of every message into our
 * own swarm (and Note to Self lives there): the poller of that swarm brings each one back at its
 * next poll, where it was decrypted, verified and parsed only to be found a duplicate of the
 * message it came from — during a burst, as many receptions as messages sent. The hash the
 * swarm answered to our store is the one the poll sees, so the poller is told it is handled.
 * Only this device's memory changes: our other devices still fetch and handle the copy.
 */
import type { SessionId } from '../../crypto/keys';
import type { MessageTransport } from '../messaging/deps';

/** What of the poller of our own swarm this needs. */
export interface OwnSwarmPoller {
  storedHere(hash: string): void;
}

/** `transport`, telling `poller()` (if any) each hash it stored into `ownId()`'s swarm. */
export function rememberingOwnStores(
  transport: MessageTransport,
  ownId: () => SessionId,
  poller: () => OwnSwarmPoller | undefined,
): MessageTransport {
  return {
    ...transport,
    store: async (recipient, data, ttlMs) => {
      const stored = await transport.store(recipient, data, ttlMs);
      if (recipient === ownId()) poller()?.storedHere(stored.hash);
      return stored;
    },
  };
}
