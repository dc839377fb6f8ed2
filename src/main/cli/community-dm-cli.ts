/**
 * Community DMs on the command line: `send BLINDED_ID TEXT --community URL` and the lines
 * `receive --json` prints for received ones (`"from"` the blinded ID, `"community"` the join URL).
 * Shared helpers of the community commands live here so that message-commands.ts can use them
 * without an import circle.
 */
import { isBlinded15Id, isBlinded25Id } from '../../crypto/blinding';
import { CommunityError } from '../communities/errors';
import { parseJoinUrl } from '../communities/join-url';
import type { CommunityDm } from '../../shared/ipc/communities';
import { CliError, UnreachableError, UsageError, type CliIo } from './context';
import { fillCatalog } from './id-words';
import { openCliSession, runThenClose, waitForPaths, type CliSession } from './core-session';
import type { CliGlobals } from './id-commands';
import type { Catalog } from '../../shared/i18n';

/** Mistakes the user can fix (URL, room, key, ID, not joined, banned) exit 2; the network's exit 1. */
const USAGE_CODES = new Set([
  'bad-url',
  'missing-public-key',
  'bad-public-key',
  'bad-room',
  'unknown-room',
  'not-joined',
  'bad-blinded-id',
  'unknown-message',
  'bad-message',
  'forbidden',
  'blocked',
  'requests-off',
]);

/**
 * A community failure in the app's words, its code kept for scripts and reports. A user's mistake
 * exits 2; so does the server or network failing, except for `send` (exit 1, as for any message
 * not sent: `notSentExit`).
 */
export function communityFailure(words: Catalog, error: unknown, notSentExit: 1 | 2 = 2): never {
  if (error instanceof CommunityError) {
    const line = `${words.communities.errors[error.code]} (${error.code})`;
    if (USAGE_CODES.has(error.code)) throw new UsageError(line);
    throw new CliError(line, notSentExit);
  }
  throw error;
}

/** The URL is checked before a profile or the network is opened. */
export function checkUrl(words: Catalog, url: string): void {
  try {
    parseJoinUrl(url);
  } catch (e) {
    communityFailure(words, e);
  }
}

/** Runs `work` on an open session and always closes it. */
export async function withCommunitySession<T>(
  g: CliGlobals,
  work: (s: CliSession) => Promise<T> | T,
): Promise<T> {
  // --proxy too: a community DM goes through the proxy the user named, as every other command.
  return runThenClose(await openCliSession(g.words, g.profile, g.network, g.proxy), work);
}

/** `send BLINDED_ID TEXT --community URL`. */
export async function sendCommunityDm(
  io: CliIo,
  g: CliGlobals,
  to: string,
  text: string,
  opts: { readonly community: string; readonly json?: boolean; readonly timeout: number },
): Promise<void> {
  const recipient = to.trim().toLowerCase();
  if (!isBlinded15Id(recipient) && !isBlinded25Id(recipient))
    throw new UsageError(fillCatalog(io.words.cliErrors.notBlindedId, { id: to }));
  checkUrl(io.words, opts.community);
  if (text.trim() === '') throw new UsageError(io.words.cliErrors.emptyMessage);
  await withCommunitySession(g, async (s) => {
    const { core, session } = s;
    let roomId: number;
    try {
      roomId = session.communities.roomIdOfUrl(opts.community);
    } catch (e) {
      communityFailure(io.words, e);
    }
    // `send` exits 1 when its message could not go out, whatever the reason (README).
    await waitForPaths(io.words, core, opts.timeout * 1000).catch((error: unknown) => {
      if (!(error instanceof UnreachableError)) throw error;
      s.abandonNetwork();
      throw new CliError(error.message, 1);
    });
    const dm = await session.communities
      .sendDm(roomId, recipient, text)
      .catch((error: unknown) => communityFailure(io.words, error, 1));
    io.out(
      opts.json === true
        ? JSON.stringify({ id: dm.id, sentAt: dm.sentAt })
        : fillCatalog(io.words.cliOut.sent, { id: dm.id }),
    );
  });
}

/** The line `receive` prints for a received community DM. */
export function communityDmLine(words: Catalog, dm: CommunityDm, json: boolean): string {
  return json
    ? JSON.stringify({
        id: `c${dm.id}`,
        from: dm.peer,
        body: dm.body,
        sentAt: dm.sentAt,
        community: dm.joinUrl,
      })
    : fillCatalog(words.cliOut.community.dm, {
        time: new Date(dm.sentAt).toISOString(),
        from: dm.peer,
        url: dm.joinUrl,
        body: dm.body,
      });
}

/** What identifies a DM among the printed ones. */
export function communityDmKey(dm: CommunityDm): string {
  return `community:${dm.baseUrl}:${dm.id}`;
}
