import type { Identity } from '../../../src/crypto/keys';
import type { VeilDatabase } from '../../../src/main/db';
import { DomainBus } from '../../../src/main/domain/bus';
import type { MessageTransport, MessagingSettings } from '../../../src/main/messaging/deps';
import { MessagingService } from '../../../src/main/messaging/messaging-service';

export interface ServiceOptions {
  /** How the swarm answers the test: `store` always, `deleteOwn` and `expire` when it has them. */
  readonly transport: Pick<MessageTransport, 'store'> &
    Partial<Pick<MessageTransport, 'deleteOwn' | 'expire'>>;
  readonly settings?: MessagingSettings;
  /**
   * Network time and this computer's clock, both: by default a clock that moves one millisecond
   * each time a timestamp is taken (so no two sent timestamps are equal), this computer's reading
   * it without moving it.
   */
  readonly clock?: () => number;
}

/**
 * A MessagingService on `db` for `me`, with the test's swarm (`transport`): one set-up for the
 * tests that run the service itself instead of copying its dependencies each time. The bus is
 * returned to listen on.
 */
export function messagingServiceFor(
  db: VeilDatabase,
  me: Identity,
  o: ServiceOptions,
): { readonly service: MessagingService; readonly bus: DomainBus } {
  let now = 1_765_000_000_000;
  const bus = new DomainBus();
  const service = new MessagingService({
    db,
    identity: () => me,
    displayName: () => 'Me',
    transport: {
      now: o.clock ?? (() => ++now),
      localNow: o.clock ?? (() => now),
      ...o.transport,
    },
    bus,
    settings: () => o.settings ?? { readReceipts: false, typingIndicators: false },
    log: () => undefined,
  });
  return { service, bus };
}
