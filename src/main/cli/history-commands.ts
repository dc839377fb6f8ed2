import type { Command } from 'commander';
import type { SessionId } from '../../crypto/keys';
import type { Message } from '../../shared/ipc/messaging';
import { parseGroupId } from '../../swarm/groups/identity';
import { UsageError, type CliIo } from './context';
import { fillCatalog, sessionIdArg } from './id-words';
import { waitForPaths } from './core-session';
import { messageJson } from './message-json';
import { messageTextLine, storedAttachmentsJson } from './attachment-cli';
import { settleQueued, withSession, type Globals } from './message-commands';
import { foundJson, foundText, mergeHits, roomHits } from './room-lines';
import type { Catalog } from '../../shared/i18n';

const HISTORY_MAX = 10_000;

/** A person's Session ID, or a group's 03 ID: a group is a conversation too, under the same brand. */
function conversationArg(words: Catalog, text: string): SessionId {
  const group = parseGroupId(text);
  return group !== undefined ? (group as string as SessionId) : sessionIdArg(words, text);
}

function limitArg(words: Catalog, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > HISTORY_MAX)
    throw new UsageError(fillCatalog(words.cliErrors.limitRange, { max: HISTORY_MAX }));
  return n;
}

/** `history` and `search`: reading back what the profile stores. */
export function registerHistoryCommands(program: Command, io: CliIo, globals: () => Globals): void {
  const h = io.words.cliHelp;
  program
    .command('history')
    .description(h.history.description)
    .argument('<id>', h.peerOrGroup)
    .option('--limit <n>', h.history.limit, (value: string) => limitArg(io.words, value), 100)
    .option(
      '--json',
      fillCatalog(h.jsonArray, {
        shape: '[{"id","from","body","sentAt","status","quote"?,"reactions"?,"expiresAt"?,"attachments"?}]',
      }),
    )
    .action(async (of: string, opts: { limit: number; json?: boolean }) => {
      const conversationId = conversationArg(io.words, of);
      await withSession(globals(), async ({ core, session }) => {
        if (!session.db.conversations.getConversation(conversationId))
          throw new UsageError(fillCatalog(io.words.cliErrors.unknownConversation, { id: conversationId }));
        // Reading after-read messages shortens their swarm copies: with paths if they come
        // soon; offline, the history is printed all the same.
        await waitForPaths(io.words, core, 15_000).catch(() => undefined);
        // Shown, so read, as when the conversation is opened in the app: after-read timers start
        // (and the swarm copies are shortened) and read receipts leave if the setting says so.
        session.messaging.markRead(conversationId);
        const messages: Message[] = [];
        let before: { shownAt: number; id: string } | null = null;
        while (messages.length < opts.limit) {
          const page = session.messaging.page(
            conversationId,
            before,
            Math.min(500, opts.limit - messages.length),
          );
          if (page.length === 0) break;
          messages.unshift(...page);
          const oldest = page[0];
          if (oldest === undefined || page.length < 500) break;
          before = { shownAt: oldest.shownAt, id: oldest.id };
        }
        // Messages only, as `receive` prints them: a change-of-setting notice and a group's notice
        // ("Alice set the timer") have no text and would print as empty messages.
        const shown = messages.filter((m) => !m.expirationUpdate && m.notice === undefined);
        // Files as `receive --json` prints them (same fields), read from the attachment store.
        const filesOf = (m: Message) =>
          m.attachments.length > 0 ? storedAttachmentsJson(session.attachments, m.id) : [];
        if (opts.json === true)
          io.out(
            JSON.stringify(
              shown.map((m) =>
                messageJson(m, { status: m.status }, { reactions: true, attachments: filesOf(m) }),
              ),
            ),
          );
        else for (const m of shown) io.out(messageTextLine(io.words, m, filesOf(m)));
        await session.messaging.settled();
        await settleQueued(io.words, session, conversationId, Date.now() + 15_000);
      });
    });

  program
    .command('search')
    .description(h.search.description)
    .argument('<text>', h.search.text)
    .option('--limit <n>', h.search.limit, (value: string) => limitArg(io.words, value), 50)
    .option(
      '--json',
      fillCatalog(h.search.json, {
        shape: '[{"conversation","id","body","sentAt"}]',
        community: '"community": true',
      }),
    )
    .action(async (text: string, opts: { limit: number; json?: boolean }) => {
      if (text.trim() === '') throw new UsageError(io.words.cliErrors.nothingToSearch);
      await withSession(globals(), ({ session }) => {
        const limit = Math.min(opts.limit, 500);
        // Messages and the posts of joined rooms, as the window's search lists both.
        const found = mergeHits(session.messaging.search(text, limit), roomHits(session, text, limit), limit);
        if (opts.json === true) io.out(JSON.stringify(found.map(foundJson)));
        else for (const line of found) io.out(foundText(io.words, line));
      });
    });
}
