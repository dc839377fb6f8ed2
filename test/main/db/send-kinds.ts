import type { SessionId } from '../../../src/crypto/keys';
import type { OutgoingMessage } from '../../../src/main/db/outbox';
import { ALICE, ME, outgoing } from './helpers';

/**
 * One message of every kind the outbox queues, to Alice unless said: with and without a sync
 * copy, to Note to Self, to a group, disappearing after send, quoting (with and without an
 * attachment), a timer update with no body, with the timer off. The first is sent at
 * `outgoing()`'s time, the others at 2 to 8 (ms).
 */
export function everyKindOfSend(): OutgoingMessage[] {
  const group = `03${'d'.repeat(64)}` as SessionId;
  return [
    outgoing({ syncToSelf: true }),
    outgoing({ sentAt: 2, syncToSelf: false }),
    outgoing({ conversationId: ME, sentAt: 3, syncToSelf: true }),
    outgoing({ conversationId: group, sentAt: 4, syncToSelf: true }),
    outgoing({
      sentAt: 5,
      syncToSelf: true,
      expiresAt: 86_400_005,
      expiry: { mode: 'after-send', seconds: 86_400 },
      quote: { id: 1, author: ALICE, text: 'quoted', attachment: 'image/png' },
    }),
    outgoing({ sentAt: 6, quote: { id: 2, author: ME, text: null, attachment: null } }),
    outgoing({ sentAt: 7, body: '', expirationUpdate: true, expiry: { mode: 'after-read', seconds: 60 } }),
    outgoing({ sentAt: 8, expiry: { mode: 'off' } }),
  ];
}
