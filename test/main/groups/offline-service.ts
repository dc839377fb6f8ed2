/**
 * A group service's options with no network: what the group suites build their service and
 * runtime from (each gives its own identity and database).
 */
import type { Identity } from '../../../src/crypto/keys';
import type { VeilDatabase } from '../../../src/main/db';
import { DomainBus } from '../../../src/main/domain/bus';
import type { GroupServiceOptions } from '../../../src/main/groups/group-runtime';
import { memoryLastHashStore } from '../../../src/main/network/last-hashes';

export function offlineServiceOptions(
  db: VeilDatabase,
  identity: Identity,
  displayName: string,
): GroupServiceOptions {
  return {
    db,
    bus: new DomainBus(),
    network: undefined,
    identity: () => identity,
    displayName: () => displayName,
    queueControl: () => 0,
    kickOutbox: () => undefined,
    messages: {
      receive: () => {
        throw new Error('no messages here');
      },
      announce: () => undefined,
    },
    lastHashes: memoryLastHashStore(),
    log: () => undefined,
  };
}

/** GroupPolling's hooks that do nothing (the suites check what polling itself stores). */
export const NO_POLLING_HOOKS = {
  memberLeft: () => Promise.resolve(),
  afterBatch: () => Promise.resolve(),
  membersSeen: () => undefined,
  pendingRemovals: () => undefined,
};
