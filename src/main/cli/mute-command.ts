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
  program
    .command('mute')
    .description('mute a conversation’s notifications for a while or for good, or turn them back on')
    .argument('<id>', 'the other party’s Session ID, or a group’s ID (03…)')
    .option('--for <duration>', `how long: ${MUTE_CHOICES.join(', ')}`)
    .option('--mentions-only <onOff>', 'notify only for messages that mention you: on or off')
    .option(
      '--json',
      'print one JSON line {"sessionId","mutedUntil","mentionsOnly"} (sessionId: the ID given)',
    )
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
              ? `notifications on${result.mentionsOnly ? ' (mentions only)' : ''}`
              : until >= MUTED_FOREVER
                ? 'muted until turned back on'
                : `muted until ${new Date(until).toISOString()}`,
        );
      });
    });
}
