import type { Command } from 'commander';
import { isSessionId } from '../../crypto/session-id';
import type { SessionId } from '../../crypto/keys';
import { isMessageId } from '../db';
import { isEmoji, type Message } from '../../shared/ipc/messaging';
import { IpcFailure } from '../../shared/ipc/result';
import { CliError, NotSentError, UnreachableError, UsageError, type CliIo } from './context';
import { waitForPaths, type CliSession } from './core-session';
import { readFilesToSend, sentAttachmentsJson, stageFiles } from './attachment-cli';
import { recipientOf } from './ons-commands';
import { sendCommunityDm } from './community-dm-cli';
import { groupConversationOf } from './group-commands';
import { settleBoth, settleQueued, waitForVerdict, warnStillQueued } from './delivery-wait';
import { parseGroupId } from '../../swarm/groups/identity';
import { registerReceiveCommand } from './receive-command';
import { secondsParser, withSession, type Globals } from './with-session';
import { fillCatalog } from './id-words';
import type { Catalog } from '../../shared/i18n';

// Other command modules take these from here.
export { settleQueued, waitForVerdict } from './delivery-wait';
export { withSession, type Globals } from './with-session';

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
function messageArg(words: Catalog, session: CliSession['session'], id: string): Message {
  const m = isMessageId(id) ? session.messaging.message(id) : undefined;
  if (m === undefined) throw new UsageError(fillCatalog(words.cliErrors.unknownMessage, { id }));
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
  const h = io.words.cliHelp;
  const said = io.words.cliOut;
  program
    .command('send')
    .description(h.send.description)
    .argument('<sessionId>', h.send.to)
    .argument('[text]', h.send.text, '')
    .option('--json', fillCatalog(h.send.json, { shape: '{"id","hash","sentAt"}' }))
    .option('--attach <file>', h.send.attach, collect)
    .option('--voice', h.send.voice)
    .option('--reply-to <messageId>', h.send.replyTo)
    .option('--timeout <seconds>', h.timeout, secondsParser(io.words), 60)
    .option('--community <url>', h.send.community)
    .action(async (to: string, text: string, opts: SendOptions) => {
      if (opts.community !== undefined) {
        if ((opts.attach ?? []).length > 0) throw new UsageError(io.words.cliErrors.communityTextOnly);
        await sendCommunityDm(io, globals(), to, text, { ...opts, community: opts.community });
        return;
      }
      const attach = opts.attach ?? [];
      const groupId = parseGroupId(to);
      if (text.trim() === '' && attach.length === 0) throw new UsageError(io.words.cliErrors.emptyMessage);
      if (opts.voice === true && attach.length === 0)
        throw new UsageError(io.words.cliErrors.voiceNeedsAttach);
      // Every file is read and checked before the profile is even opened: nothing is sent if one fails.
      const files = readFilesToSend(io.words, attach);
      await withSession(globals(), async (s) => {
        const { core, session } = s;
        const parsed = {
          sessionId:
            groupId !== undefined
              ? await groupConversationOf(io.words, session, groupId)
              : await recipientOf(io.words, core, to, opts.timeout),
        };
        if (opts.replyTo !== undefined) {
          const original = messageArg(io.words, session, opts.replyTo);
          if (original.conversationId !== parsed.sessionId)
            throw new UsageError(
              fillCatalog(io.words.cliErrors.replyElsewhere, { id: opts.replyTo, peer: parsed.sessionId }),
            );
          if (original.deleted)
            throw new UsageError(fillCatalog(io.words.cliErrors.replyDeleted, { id: opts.replyTo }));
        }
        // An unreachable network must not lose the message: it is queued all the same, and
        // waitForVerdict (its deadline already past) says it leaves at the next run. A dead proxy
        // is the user's to fix first (exit 2, nothing queued).
        const unreachable = await waitForPaths(io.words, core, opts.timeout * 1000).then(
          () => false,
          (error: unknown) => {
            if (error instanceof UnreachableError) return true;
            throw error;
          },
        );
        // Out of reach: nothing more is tried on the network, so the command ends at its --timeout.
        if (unreachable) s.abandonNetwork();
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
        const deadline = unreachable ? Date.now() : Date.now() + opts.timeout * 1000;
        // `send` alone exits 1 when its message was not accepted (issue 14, README).
        const done = await waitForVerdict(io.words, session, id, deadline, unreachable ? 0 : undefined).catch(
          (error: unknown) => {
            throw error instanceof NotSentError ? new CliError(error.message, 1) : error;
          },
        );
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
            : fillCatalog(
                sentFiles === undefined
                  ? said.sentMessage
                  : sentFiles.length === 1
                    ? said.sentWithOneFile
                    : said.sentWithFiles,
                { id: done.id, hash: done.hash ?? '', files: sentFiles?.length ?? 0 },
              ),
        );
        // What sending queued besides the message (accepting a request, contacts in the
        // config) goes out before we exit, or we say what is left for the next run.
        warnStillQueued(
          io,
          await settleQueued(io.words, session, parsed.sessionId, Math.max(deadline, Date.now() + 15_000)),
        );
      });
    });

  registerReceiveCommand(program, io, globals);

  program
    .command('react')
    .description(h.react.description)
    .argument('<messageId>', h.messageId)
    .argument('<emoji>', h.react.emoji)
    .option('--remove', h.react.remove)
    .option('--timeout <seconds>', h.timeoutNetwork, secondsParser(io.words), 60)
    .action(async (id: string, emoji: string, opts: { remove?: boolean; timeout: number }) => {
      if (!isEmoji(emoji)) throw new UsageError(fillCatalog(io.words.cliErrors.notOneEmoji, { emoji }));
      await withSession(globals(), async ({ core, session }) => {
        const target = messageArg(io.words, session, id);
        await waitForPaths(io.words, core, opts.timeout * 1000);
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
    .description(h.unsend)
    .argument('<messageId>', h.sentMessageId)
    .option('--timeout <seconds>', h.timeoutNetwork, secondsParser(io.words), 60)
    .action(async (id: string, opts: { timeout: number }) => {
      await withSession(globals(), async ({ core, session }) => {
        const target = messageArg(io.words, session, id);
        await waitForPaths(io.words, core, opts.timeout * 1000);
        let swarmDeleted = false;
        try {
          swarmDeleted = await session.messaging.unsend(id);
        } catch (error) {
          asUsage(error);
        }
        if (!swarmDeleted) io.err(io.words.cliErrors.swarmCopyKept);
        await settleBoth(io, session, conversationOf(target), opts.timeout * 1000);
      });
    });

  program
    .command('delete')
    .description(h.delete)
    .argument('<messageId>', h.messageId)
    .action(async (id: string) => {
      await withSession(globals(), ({ session }) => {
        messageArg(io.words, session, id);
        try {
          session.messaging.deleteMessage(id);
        } catch (error) {
          asUsage(error);
        }
      });
    });

  program
    .command('conversations')
    .description(h.conversations.description)
    .option('--json', h.conversations.json)
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
            io.out(
              fillCatalog(c.isRequest ? said.conversationRequest : said.conversation, {
                id: c.id,
                name: c.name ?? '',
                unread: c.unread,
              }),
            );
        }
      });
    });
}
