import type { Command } from 'commander';
import type { Conversation } from '../../shared/ipc/messaging';
import { MUTE_CHOICES, MUTED_FOREVER, muteChoiceSchema } from '../../shared/notifications';
import { UsageError, type CliIo } from './context';
import { fillCatalog } from './id-words';
import { checkGroupHere, conversationTargetArg } from './group-target';
import { withSession, type Globals } from './message-commands';

/**
 * `mute`: a conversation's notifications, as the app's menu sets them (through the same core
 * calls): `--for 1h|8h|1d|1w|always|off`, `--mentions-only on|off`. A group (03…) too, as the
 * group panel's mute button, synced to the account's other devices through UserGroups `@`/`!`
 * (docs/protocol-notes.md, "Groups in the CLI: mute and disappearing").
 */
export function registerMuteCommand(program: Command, io: CliIo, globals: () => Globals): void {
  const h = io.words.cliHelp;
  const said = io.words.cliOut;
  program
    .command('mute')
    .description(h.mute.description)
    .argument('<id>', h.peerOrGroup)
    .option('--for <duration>', fillCatalog(h.mute.for, { choices: MUTE_CHOICES.join(', ') }))
    .option('--mentions-only <onOff>', h.mute.mentionsOnly)
    .option('--json', fillCatalog(h.mute.json, { shape: '{"sessionId","mutedUntil","mentionsOnly"}' }))
    .action(async (to: string, opts: { for?: string; mentionsOnly?: string; json?: boolean }) => {
      const target = conversationTargetArg(io.words, to);
      const conversationId = target.id;
      if (opts.for === undefined && opts.mentionsOnly === undefined)
        throw new UsageError(io.words.cliErrors.muteNeedsOption);
      const mute = opts.for === undefined ? undefined : muteChoiceSchema.safeParse(opts.for);
      if (mute && !mute.success)
        throw new UsageError(
          fillCatalog(io.words.cliErrors.durationChoices, {
            choices: MUTE_CHOICES.join(', '),
            value: opts.for ?? '',
          }),
        );
      if (opts.mentionsOnly !== undefined && opts.mentionsOnly !== 'on' && opts.mentionsOnly !== 'off')
        throw new UsageError(fillCatalog(io.words.cliErrors.mentionsOnlyOnOff, { value: opts.mentionsOnly }));
      await withSession(globals(), async ({ core, session }) => {
        if (target.kind === 'group') checkGroupHere(io.words, session.db, conversationId);
        else session.messaging.open(conversationId);
        let result: Conversation | undefined;
        const call = async (
          name: 'conversations.setMute' | 'conversations.setMentionsOnly',
          args: object,
        ) => {
          const r = await core.dispatch(name, { conversationId, ...args });
          if (!r.ok) throw new UsageError(r.error.message);
          result = r.value as Conversation;
        };
        if (mute?.success) await call('conversations.setMute', { mute: mute.data });
        if (opts.mentionsOnly !== undefined)
          await call('conversations.setMentionsOnly', { mentionsOnly: opts.mentionsOnly === 'on' });
        if (!result) return;
        const until = result.mutedUntil;
        io.out(
          opts.json === true
            ? JSON.stringify({ sessionId: result.id, mutedUntil: until, mentionsOnly: result.mentionsOnly })
            : until === null
              ? result.mentionsOnly
                ? said.notificationsOnMentions
                : said.notificationsOn
              : until >= MUTED_FOREVER
                ? said.mutedForGood
                : fillCatalog(said.mutedUntil, { time: new Date(until).toISOString() }),
        );
      });
    });
}
