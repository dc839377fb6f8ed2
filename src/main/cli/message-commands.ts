import { InvalidArgumentError, type Command } from 'commander';
import { z } from 'zod';
import { isSessionId } from '../../crypto/session-id';
import type { SessionId } from '../../crypto/keys';
import { isMessageId } from '../db';
import { isEmoji, messageActionSchema, type Message } from '../../shared/ipc/messaging';
import { IpcFailure } from '../../shared/ipc/result';
import { UsageError, type CliIo } from './context';
import { openCliSession, waitForPaths, type CliSession } from './core-session';
import { messageJson } from './message-json';
import { readFilesToSend, saveAttachments, sentAttachmentsJson, stageFiles } from './attachment-cli';
import { recipientOf } from './ons-commands';
import type { SocksProxy } from '../network/proxy';
import { communityDmKey, communityDmLine, sendCommunityDm } from './community-dm-cli';
import { groupConversationOf, watchGroups } from './group-commands';
import { settleBoth, settleQueued, waitForVerdict } from './delivery-wait';
import { parseGroupId } from '../../swarm/groups/identity';

export interface Globals {
  readonly profile: string;
  readonly network: string;
  /** `--proxy` (VEIL_PROXY is read where the network is resolved). */
  readonly proxy?: SocksProxy;
}

// Other command modules take these from here.
export { settleQueued, waitForVerdict } from './delivery-wait';

const PRINTED_KEY = 'cli.receive.printed';
const PRINTED_MAX = 20_000;

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 86_400)
    throw new InvalidArgumentError('a number of seconds from 0 to 86400');
  return n;
}

/**
 * Runs `work` on an open session and always closes it (database, network, devnet).
 * `beforeStart` sees the core before its network and session start (see VeilCore.open).
 */
export async function withSession<T>(
  g: Globals,
  work: (s: CliSession) => Promise<T> | T,
  beforeStart?: (core: CliSession['core']) => void,
): Promise<T> {
  const s = await openCliSession(g.profile, g.network, g.proxy, beforeStart);
  try {
    return await work(s);
  } finally {
    await s.close();
  }
}

/** `receive`'s line for a reaction or an unsend as it is applied (it names our local message id). */
function actionLine(payload: unknown, json: boolean): string | undefined {
  const a = messageActionSchema.safeParse(payload);
  if (!a.success) return undefined;
  const d = a.data;
  if (json)
    return JSON.stringify(
      d.kind === 'reaction'
        ? { kind: 'reaction', messageId: d.messageId, emoji: d.emoji, from: d.from, removed: d.removed }
        : { kind: 'unsend', messageId: d.messageId, from: d.from },
    );
  return d.kind === 'reaction'
    ? `${d.from} ${d.removed ? 'removed' : 'reacted'} ${d.emoji} on ${d.messageId}`
    : `${d.from} deleted ${d.messageId} for everyone`;
}

function messageLine(m: Message, attachments?: unknown[]): string {
  const line = messageJson(m, { conversation: m.conversationId });
  return JSON.stringify(attachments && attachments.length > 0 ? { ...line, attachments } : line);
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** A user's mistake reported by the core (unknown message, not ours…) is a usage error: exit 2. */
function asUsage(error: unknown): never {
  if (error instanceof IpcFailure && error.code !== 'internal') throw new UsageError(error.message);
  throw error;
}

function conversationOf(m: Message): SessionId {
  // A group's conversation goes by its 03 ID, under the same brand (src/main/db/rows.ts).
  if (!isSessionId(m.conversationId) && parseGroupId(m.conversationId) === undefined)
    throw new Error('a stored conversation id is malformed');
  return m.conversationId as SessionId;
}

/** The message named on the command line, which must be in this profile. */
function messageArg(session: CliSession['session'], id: string): Message {
  const m = isMessageId(id) ? session.messaging.message(id) : undefined;
  if (m === undefined) throw new UsageError(`no message with id ${id} in this profile`);
  return m;
}

interface SendOptions {
  readonly json?: boolean;
  readonly timeout: number;
  readonly replyTo?: string;
  readonly attach?: string[];
  readonly voice?: boolean;
  readonly community?: string;
}

/** send, receive, conversations: the same pipeline as the app. */
export function registerMessageCommands(program: Command, io: CliIo, globals: () => Globals): void {
  program
    .command('send')
    .description('send a message; exits 0 once a swarm has accepted it')
    .argument('<sessionId>', 'the recipient’s Session ID or ONS name, or a group’s ID (03…)')
    .argument('[text]', 'the message (the caption of the files with --attach)', '')
    .option('--json', 'print one JSON line {"id","hash","sentAt"} (with --attach also "attachments")')
    .option(
      '--attach <file>',
      'send this file with the message (repeatable; 10,000,000 bytes at most)',
      collect,
    )
    .option('--voice', 'the attached file is a voice message')
    .option('--reply-to <messageId>', 'quote this message (its id from send or receive --json)')
    .option('--timeout <seconds>', 'give up after this long', parseSeconds, 60)
    .option('--community <url>', 'send a community DM to a blinded ID through this joined community')
    .action(async (to: string, text: string, opts: SendOptions) => {
      if (opts.community !== undefined) {
        if ((opts.attach ?? []).length > 0) throw new UsageError('community DMs carry text only');
        await sendCommunityDm(io, globals(), to, text, { ...opts, community: opts.community });
        return;
      }
      const attach = opts.attach ?? [];
      const groupId = parseGroupId(to);
      if (text.trim() === '' && attach.length === 0) throw new UsageError('the message is empty');
      if (opts.voice === true && attach.length === 0) throw new UsageError('--voice needs --attach FILE');
      // Every file is read and checked before the profile is even opened: nothing is sent if one fails.
      const files = readFilesToSend(attach);
      await withSession(globals(), async ({ core, session }) => {
        const parsed = {
          sessionId:
            groupId !== undefined
              ? await groupConversationOf(session, groupId)
              : await recipientOf(core, to, opts.timeout),
        };
        if (opts.replyTo !== undefined) {
          const original = messageArg(session, opts.replyTo);
          if (original.conversationId !== parsed.sessionId)
            throw new UsageError(
              `message ${opts.replyTo} is not in the conversation with ${parsed.sessionId}`,
            );
          if (original.deleted) throw new UsageError(`message ${opts.replyTo} was deleted`);
        }
        await waitForPaths(core, opts.timeout * 1000);
        if (groupId === undefined) session.messaging.open(parsed.sessionId);
        let sent: Message;
        try {
          const staged = stageFiles(session.attachments, files, opts.voice === true);
          sent = session.messaging.send(parsed.sessionId, text, opts.replyTo, staged);
        } catch (error) {
          asUsage(error);
        }
        if (!isMessageId(sent.id)) throw new Error('the new message has a malformed id');
        const id = sent.id;
        const deadline = Date.now() + opts.timeout * 1000;
        const done = await waitForVerdict(session, id, deadline);
        const sentFiles =
          files.length > 0 ? sentAttachmentsJson(session.attachments.recordsOf(id)) : undefined;
        io.out(
          opts.json === true
            ? JSON.stringify({
                id: done.id,
                hash: done.hash ?? '',
                sentAt: done.sentAt,
                ...(sentFiles ? { attachments: sentFiles } : {}),
              })
            : `sent ${done.id} ${done.hash ?? ''}${sentFiles ? ` with ${sentFiles.length} file(s)` : ''}`,
        );
        // What sending queued besides the message (accepting a request, contacts in the
        // config) goes out before we exit, or we say what is left for the next run.
        const left = await settleQueued(session, parsed.sessionId, Math.max(deadline, Date.now() + 15_000));
        if (left.length > 0)
          io.err(`veil: still queued (sent the next time Veil runs with this profile): ${left.join(', ')}`);
      });
    });

  program
    .command('receive')
    .description('print new messages, each once, as they arrive')
    .option('--wait <seconds>', 'how long to listen', parseSeconds, 10)
    .option(
      '--json',
      'one JSON line per message {"id","from","body","sentAt","conversation","expiresAt"?,"attachments"?}',
    )
    .option('--save-dir <dir>', 'download, check and decrypt each attachment into this folder')
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
              printed.add(m.id);
              waiting.add(m.id);
              queue = queue.then(async () => {
                const files =
                  m.attachments.length > 0
                    ? await saveAttachments(session.attachments, m.id, opts.saveDir)
                    : undefined;
                io.out(
                  opts.json === true
                    ? messageLine(m, files)
                    : `${new Date(m.sentAt).toISOString()} ${m.sender}: ${m.body}${
                        files ? ` [${files.map((f) => f.path ?? f.fileName ?? 'file').join(', ')}]` : ''
                      }`,
                );
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
                const line = actionLine(payload, opts.json === true);
                if (line !== undefined) io.out(line);
              }
            };
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
                    io.out(communityDmLine(dm, opts.json === true));
                    saveAsPrinted(key);
                  });
                }
              };
              printDms();
              unsubscribeDms = core.domain.on(['community.dms'], printDms);
              // Private groups: invitations and messages of the groups we are in.
              unsubscribeGroups = watchGroups({ core, session }, opts.json === true, (key, line) => {
                if (printed.has(key)) return;
                printed.add(key);
                waiting.add(key);
                queue = queue.then(() => {
                  io.out(line());
                  saveAsPrinted(key);
                });
              });
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
        );
      } finally {
        unsubscribe?.();
      }
    });

  program
    .command('react')
    .description('add (or with --remove take back) your reaction to a message')
    .argument('<messageId>', 'the message (its id from send or receive --json)')
    .argument('<emoji>', 'one emoji')
    .option('--remove', 'remove this reaction')
    .option('--timeout <seconds>', 'give up waiting for the network after this long', parseSeconds, 60)
    .action(async (id: string, emoji: string, opts: { remove?: boolean; timeout: number }) => {
      if (!isEmoji(emoji)) throw new UsageError(`not one emoji: ${emoji}`);
      await withSession(globals(), async ({ core, session }) => {
        const target = messageArg(session, id);
        await waitForPaths(core, opts.timeout * 1000);
        try {
          session.messaging.react(id, emoji, opts.remove === true);
        } catch (error) {
          asUsage(error);
        }
        await settleBoth(io, session, conversationOf(target), opts.timeout * 1000);
      });
    });

  program
    .command('unsend')
    .description('delete one of your sent messages for everyone')
    .argument('<messageId>', 'the message (its id from send --json)')
    .option('--timeout <seconds>', 'give up waiting for the network after this long', parseSeconds, 60)
    .action(async (id: string, opts: { timeout: number }) => {
      await withSession(globals(), async ({ core, session }) => {
        const target = messageArg(session, id);
        await waitForPaths(core, opts.timeout * 1000);
        let swarmDeleted = false;
        try {
          swarmDeleted = await session.messaging.unsend(id);
        } catch (error) {
          asUsage(error);
        }
        if (!swarmDeleted) io.err('veil: the copy in your swarm could not be deleted (the unsend was sent)');
        await settleBoth(io, session, conversationOf(target), opts.timeout * 1000);
      });
    });

  program
    .command('delete')
    .description('delete a message from this profile only')
    .argument('<messageId>', 'the message (its id from send or receive --json)')
    .action(async (id: string) => {
      await withSession(globals(), ({ session }) => {
        messageArg(session, id);
        try {
          session.messaging.deleteMessage(id);
        } catch (error) {
          asUsage(error);
        }
      });
    });

  program
    .command('conversations')
    .description('list conversations')
    .option('--json', 'one JSON line: an array of conversations')
    .action(async (opts: { json?: boolean }) => {
      await withSession(globals(), ({ session }) => {
        const list = session.messaging.listConversations();
        if (opts.json === true) {
          io.out(
            JSON.stringify(
              list.map((c) => ({
                sessionId: c.id,
                name: c.name,
                noteToSelf: c.noteToSelf,
                isRequest: c.isRequest,
                unread: c.unread,
                lastMessage: c.lastMessage,
                disappearing: c.disappearing,
              })),
            ),
          );
        } else {
          for (const c of list)
            io.out(`${c.id} ${c.name ?? ''}${c.isRequest ? ' (request)' : ''} — ${c.unread} unread`);
        }
      });
    });
}
