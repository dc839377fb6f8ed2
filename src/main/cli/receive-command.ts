/**
 * `receive`: prints new messages, reactions, unsends, community DMs and group events, each once,
 * in order, and remembers what it printed across runs.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { isSessionId } from '../../crypto/session-id';
import type { SessionId } from '../../crypto/keys';
import { messageActionSchema, type Message } from '../../shared/ipc/messaging';
import type { CliIo } from './context';
import type { CliSession } from './core-session';
import { messageJson } from './message-json';
import { messageTextLine, saveAttachments } from './attachment-cli';
import { communityDmKey, communityDmLine } from './community-dm-cli';
import { watchGroups } from './group-commands';
import { parseGroupId } from '../../swarm/groups/identity';
import { secondsParser, withSession, type Globals } from './with-session';
import { takeKeptActions } from './kept-actions';
import { fillCatalog } from './id-words';
import type { Catalog } from '../../shared/i18n';

const PRINTED_KEY = 'cli.receive.printed';
const PRINTED_MAX = 20_000;

/** `receive`'s line for a reaction or an unsend as it is applied (it names our local message id). */
function actionLine(words: Catalog, payload: unknown, json: boolean): string | undefined {
  const a = messageActionSchema.safeParse(payload);
  if (!a.success) return undefined;
  const d = a.data;
  if (json)
    return JSON.stringify(
      d.kind === 'reaction'
        ? { kind: 'reaction', messageId: d.messageId, emoji: d.emoji, from: d.from, removed: d.removed }
        : { kind: 'unsend', messageId: d.messageId, from: d.from },
    );
  const said = words.cliOut;
  return d.kind === 'reaction'
    ? fillCatalog(d.removed ? said.reactionRemoved : said.reacted, {
        from: d.from,
        emoji: d.emoji,
        id: d.messageId,
      })
    : fillCatalog(said.unsent, { from: d.from, id: d.messageId });
}

function messageLine(m: Message, attachments: readonly unknown[] = []): string {
  return JSON.stringify(messageJson(m, { conversation: m.conversationId }, { attachments }));
}

export function registerReceiveCommand(program: Command, io: CliIo, globals: () => Globals): void {
  program
    .command('receive')
    .description(io.words.cliHelp.receive.description)
    .option('--wait <seconds>', io.words.cliHelp.receive.wait, secondsParser(io.words), 10)
    .option(
      '--json',
      fillCatalog(io.words.cliHelp.jsonLines, {
        shape: '{"id","from","body","sentAt","conversation","expiresAt"?,"attachments"?}',
      }),
    )
    .option('--save-dir <dir>', io.words.cliHelp.receive.saveDir)
    .action(async (opts: { wait: number; json?: boolean; saveDir?: string }) => {
      // The core's events are heard from before its first poll: a reaction or unsend it applies
      // is announced once, as it happens, and is otherwise never printed. Events that come before
      // the printers below are ready wait here, in order.
      const early: [string, unknown][] = [];
      let onEvent = (name: string, payload: unknown) => {
        early.push([name, payload]);
      };
      let unsubscribe: (() => void) | undefined;
      const listen = (core: CliSession['core']) => {
        unsubscribe = core.events.subscribe((name, payload) => {
          onEvent(name, payload);
        });
      };
      try {
        await withSession(
          globals(),
          async ({ core, session }) => {
            const printed = new Set(session.db.kv.get(PRINTED_KEY, z.array(z.string())) ?? []);
            // Lines go out in order; a message's files are fetched (with --save-dir) before its line.
            let queue: Promise<void> = Promise.resolve();
            const print = (m: Message) => {
              // A change-of-setting notice has no text: `conversations --json` shows the setting; a
              // group's notice shows in `group members` and `groups`.
              if (m.direction !== 'in' || m.deleted || m.expirationUpdate || m.notice || printed.has(m.id))
                return;
              // A community DM's conversation mirrors the server's DM, which has its own line (with
              // the community's URL): printed there, once.
              if (!isSessionId(m.conversationId) && parseGroupId(m.conversationId) === undefined) return;
              printed.add(m.id);
              waiting.add(m.id);
              queue = queue.then(async () => {
                const files =
                  m.attachments.length > 0
                    ? await saveAttachments(session.attachments, m.id, opts.saveDir)
                    : undefined;
                io.out(opts.json === true ? messageLine(m, files) : messageTextLine(io.words, m, files));
                saveAsPrinted(m.id);
              });
            };
            // Queued but not printed yet: not recorded as printed (a crash now prints them next time).
            const waiting = new Set<string>();
            const saveAsPrinted = (id: string) => {
              waiting.delete(id);
              // Saved right after the line is written (stdout to a file or pipe is synchronous in
              // Node), so Ctrl+C, SIGTERM or a crash later never prints it again. Only a SIGKILL or
              // power cut between these two statements can repeat this one line at the next receive;
              // saving before printing would instead risk losing it, which is worse.
              const oldest = printed.size > PRINTED_MAX ? printed.values().next().value : undefined;
              if (oldest !== undefined) printed.delete(oldest);
              session.db.kv.set(
                PRINTED_KEY,
                [...printed].filter((p) => !waiting.has(p)),
              );
            };
            onEvent = (name, payload) => {
              if (name === 'messages.changed')
                for (const m of (payload as { messages: Message[] }).messages) print(m);
              if (name === 'messages.action') {
                const line = actionLine(io.words, payload, opts.json === true);
                if (line !== undefined) io.out(line);
              }
            };
            // Those another command took in since the last `receive` (kept-actions.ts) come first.
            for (const action of takeKeptActions(session)) {
              const line = actionLine(io.words, action, opts.json === true);
              if (line !== undefined) io.out(line);
            }
            for (const [name, payload] of early.splice(0)) onEvent(name, payload);
            let onSignal: (() => void) | undefined;
            let unsubscribeDms: (() => void) | undefined;
            let unsubscribeGroups: (() => void) | undefined;
            try {
              // What arrived since the last `receive` (in the app, or before this command) first.
              for (const c of session.messaging.listConversations()) {
                if (isSessionId(c.id) || parseGroupId(c.id) !== undefined)
                  for (const m of session.messaging.page(c.id as SessionId, null, 500)) print(m);
              }
              // Community DMs (message requests from communities), as they are stored.
              const printDms = () => {
                for (const dm of session.communities.dms()) {
                  const key = communityDmKey(dm);
                  if (dm.direction !== 'in' || printed.has(key)) continue;
                  printed.add(key);
                  waiting.add(key);
                  queue = queue.then(() => {
                    io.out(communityDmLine(io.words, dm, opts.json === true));
                    saveAsPrinted(key);
                  });
                }
              };
              printDms();
              unsubscribeDms = core.domain.on(['community.dms'], printDms);
              // Private groups: invitations and messages of the groups we are in.
              unsubscribeGroups = watchGroups(
                io.words,
                { core, session },
                opts.json === true,
                (key, line) => {
                  if (printed.has(key)) return;
                  printed.add(key);
                  waiting.add(key);
                  queue = queue.then(() => {
                    io.out(line());
                    saveAsPrinted(key);
                  });
                },
              );
              // Ctrl+C or SIGTERM end the wait early and close the profile cleanly (database,
              // network, embedded devnet) instead of dying in the middle.
              await new Promise<void>((resolve) => {
                const timer = setTimeout(resolve, opts.wait * 1000);
                onSignal = () => {
                  clearTimeout(timer);
                  resolve();
                };
                process.once('SIGINT', onSignal);
                process.once('SIGTERM', onSignal);
              });
              await queue;
            } finally {
              if (onSignal) {
                process.off('SIGINT', onSignal);
                process.off('SIGTERM', onSignal);
              }
              unsubscribe?.();
              unsubscribeDms?.();
              unsubscribeGroups?.();
            }
          },
          listen,
          // What it takes in, it prints itself.
          { actions: false },
        );
      } finally {
        unsubscribe?.();
      }
    });
}
