import type { SessionId } from '../../crypto/keys';
import type { MessageId } from '../db';
import { NotSentError, type CliIo } from './context';
import type { CliSession } from './core-session';
import { fillCatalog } from './id-words';
import type { Catalog } from '../../shared/i18n';

/**
 * How a command that queued messages waits for them to leave before it exits: the verdict of a
 * message, the control messages and config changes still queued.
 */

/**
 * Waits until what a command queued for `conversation` and for our own swarm (the copies for
 * our other devices) is stored; says on stderr what is left for the next run.
 */
export async function settleBoth(
  io: CliIo,
  session: CliSession['session'],
  conversation: SessionId,
  timeoutMs: number,
): Promise<void> {
  const own = session.messaging.ownSessionId();
  const deadline = Date.now() + timeoutMs;
  const left = [
    ...(await settleQueued(io.words, session, conversation, deadline)),
    ...(own !== conversation ? await settleQueued(io.words, session, own, deadline) : []),
  ];
  warnStillQueued(io, left);
}

/** The warning that what is named in `left` leaves at the next run (nothing when it is empty). */
export function warnStillQueued(io: CliIo, left: readonly string[]): void {
  if (left.length > 0)
    io.err(fillCatalog(io.words.cliErrors.stillQueued, { items: [...new Set(left)].join(', ') }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A message tried but unanswered past the deadline gets this long for its verdict (60 s + margin). */
const VERDICT_GRACE_MS = 90_000;

/**
 * Waits until a swarm accepted the message, or throws once it is failed. `deadline` bounds the
 * wait for the network: a message never tried by then stays queued; one being tried gets its
 * verdict (failed at most a minute after its first try), bounded by `graceMs` (none when the
 * network was found out of reach: without a path no swarm can answer, and the try is ended by
 * CliSession.abandonNetwork, the message kept queued).
 */
export async function waitForVerdict(
  words: Catalog,
  session: CliSession['session'],
  id: MessageId,
  deadline: number,
  graceMs = VERDICT_GRACE_MS,
) {
  for (;;) {
    const m = session.db.messages.getMessage(id);
    if (m?.direction !== 'out') throw new Error('the message just queued is missing');
    if (m.status === 'sent' || m.status === 'read') return m;
    if (m.status === 'failed') throw new NotSentError(words.cliErrors.notSent);
    const tried = session.messaging.queuedSince(id, m.conversationId)?.firstTriedAt ?? null;
    if (Date.now() > deadline && (tried === null || Date.now() > deadline + graceMs))
      throw new NotSentError(words.cliErrors.notSentQueued);
    await sleep(100);
  }
}

/**
 * Waits until the control messages queued for `conversation` and our config changes are
 * stored, or `deadline`; returns what is still queued (empty: everything went out).
 */
export async function settleQueued(
  words: Catalog,
  session: CliSession['session'],
  conversation: SessionId,
  deadline: number,
): Promise<string[]> {
  const left = (): string[] => [
    ...session.messaging.pendingControl(conversation).map((k) => words.cliErrors.queued[k]),
    ...(session.configSync.idle() ? [] : [words.cliErrors.queued.config]),
  ];
  while (left().length > 0 && Date.now() < deadline) await sleep(100);
  return left();
}
