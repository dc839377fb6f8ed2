import { Option, type Command } from 'commander';
import { parseSessionIdInput } from '../../crypto/session-id';
import type { SessionId } from '../../crypto/keys';
import { isMessageId } from '../db';
import { parseTimerName, TIMER_NAMES, type DisappearingSetting } from '../../shared/disappearing';
import { UsageError, type CliIo } from './context';
import { waitForPaths } from './core-session';
import { messageJson } from './message-json';
import { settleQueued, waitForVerdict, withSession, type Globals } from './message-commands';

const HISTORY_MAX = 10_000;

function sessionIdArg(text: string): SessionId {
  const parsed = parseSessionIdInput(text);
  if (!parsed.ok) throw new UsageError(`not a Session ID (${parsed.error.kind})`);
  return parsed.sessionId;
}

/** `--after-send 30s` → seconds; anything but Session's timers is a usage error naming them. */
function timerArg(text: string): number {
  const seconds = parseTimerName(text);
  if (seconds === undefined)
    throw new UsageError(`DURATION must be one of ${TIMER_NAMES.join(', ')} (got "${text}")`);
  return seconds;
}

function chosenSetting(opts: { afterSend?: string; afterRead?: string; off?: boolean }): DisappearingSetting {
  const given = [opts.afterSend, opts.afterRead, opts.off].filter((v) => v !== undefined).length;
  if (given !== 1)
    throw new UsageError('give exactly one of --after-send DURATION, --after-read DURATION, --off');
  if (opts.afterSend !== undefined) return { mode: 'after-send', seconds: timerArg(opts.afterSend) };
  if (opts.afterRead !== undefined) return { mode: 'after-read', seconds: timerArg(opts.afterRead) };
  return { mode: 'off' };
}

function limitArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > HISTORY_MAX)
    throw new UsageError(`--limit is a whole number from 1 to ${HISTORY_MAX}`);
  return n;
}

/** disappearing, history, search: disappearing messages and reading back what is stored. */
export function registerHistoryCommands(program: Command, io: CliIo, globals: () => Globals): void {
  program
    .command('disappearing')
    .description('set a conversation’s disappearing messages (told to them and your other devices)')
    .argument('<sessionId>', 'the other party’s Session ID (yours: Note to Self)')
    .addOption(new Option('--after-send <duration>', `delete after sending: ${TIMER_NAMES.join(', ')}`))
    .addOption(new Option('--after-read <duration>', `delete after reading: ${TIMER_NAMES.join(', ')}`))
    .option('--off', 'messages no longer disappear')
    .option('--json', 'print one JSON line {"id","hash","sentAt","mode","seconds"?}')
    .option('--timeout <seconds>', 'give up after this long', (v) => Number(v), 60)
    .action(
      async (
        to: string,
        opts: { afterSend?: string; afterRead?: string; off?: boolean; json?: boolean; timeout: number },
      ) => {
        const setting = chosenSetting(opts);
        const conversationId = sessionIdArg(to);
        await withSession(globals(), async ({ core, session }) => {
          await waitForPaths(core, opts.timeout * 1000);
          session.messaging.open(conversationId);
          const notice = session.messaging.setDisappearing(conversationId, setting);
          if (!isMessageId(notice.id)) throw new Error('the new notice has a malformed id');
          const deadline = Date.now() + opts.timeout * 1000;
          const done = await waitForVerdict(session, notice.id, deadline);
          const seconds = setting.mode === 'off' ? {} : { seconds: setting.seconds };
          io.out(
            opts.json === true
              ? JSON.stringify({
                  id: done.id,
                  hash: done.hash ?? '',
                  sentAt: done.sentAt,
                  mode: setting.mode,
                  ...seconds,
                })
              : `disappearing messages ${setting.mode}${setting.mode === 'off' ? '' : ` ${String(setting.seconds)}s`}`,
          );
          const left = await settleQueued(session, conversationId, Math.max(deadline, Date.now() + 15_000));
          if (left.length > 0)
            io.err(`veil: still queued (sent the next time Veil runs with this profile): ${left.join(', ')}`);
        });
      },
    );

  program
    .command('history')
    .description('print a conversation’s messages, oldest first; reading them marks them read')
    .argument('<sessionId>', 'the other party’s Session ID')
    .option('--limit <n>', 'the newest N messages', limitArg, 100)
    .option('--json', 'one JSON array [{"id","from","body","sentAt","status","expiresAt"?}]')
    .action(async (of: string, opts: { limit: number; json?: boolean }) => {
      const conversationId = sessionIdArg(of);
      await withSession(globals(), async ({ core, session }) => {
        if (!session.db.conversations.getConversation(conversationId))
          throw new UsageError('no conversation with this Session ID');
        // Reading after-read messages shortens their swarm copies: with paths if they come
        // soon; offline, the history is printed all the same.
        await waitForPaths(core, 15_000).catch(() => undefined);
        // Shown, so read, as when the conversation is opened in the app: after-read timers start
        // (and the swarm copies are shortened) and read receipts leave if the setting says so.
        session.messaging.markRead(conversationId);
        const messages = [];
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
        const shown = messages.filter((m) => !m.expirationUpdate);
        if (opts.json === true)
          io.out(JSON.stringify(shown.map((m) => messageJson(m, { status: m.status }))));
        else for (const m of shown) io.out(`${new Date(m.sentAt).toISOString()} ${m.sender}: ${m.body}`);
        await session.messaging.settled();
        await settleQueued(session, conversationId, Date.now() + 15_000);
      });
    });

  program
    .command('search')
    .description('find messages by their text (accents ignored), newest first')
    .argument('<text>', 'words to find')
    .option('--limit <n>', 'at most this many', limitArg, 50)
    .option('--json', 'one JSON array [{"conversation","id","body","sentAt"}]')
    .action(async (text: string, opts: { limit: number; json?: boolean }) => {
      if (text.trim() === '') throw new UsageError('nothing to search for');
      await withSession(globals(), ({ session }) => {
        const hits = session.messaging.search(text, Math.min(opts.limit, 500));
        if (opts.json === true)
          io.out(
            JSON.stringify(
              hits.map((h) => ({
                conversation: h.conversationId,
                id: h.messageId,
                body: h.body,
                sentAt: h.sentAt,
              })),
            ),
          );
        else
          for (const h of hits) io.out(`${new Date(h.sentAt).toISOString()} ${h.conversationId}: ${h.body}`);
      });
    });
}
