import { Option, type Command } from 'commander';
import { isMessageId } from '../db';
import { parseTimerName, TIMER_NAMES, type DisappearingSetting } from '../../shared/disappearing';
import { UsageError, type CliIo } from './context';
import { checkGroupHere, conversationTargetArg, groupStep } from './group-target';
import { waitForPaths } from './core-session';
import { settleQueued, waitForVerdict, withSession, type Globals } from './message-commands';
import { warnStillQueued } from './delivery-wait';
import { fillCatalog } from './id-words';
import type { Catalog } from '../../shared/i18n';

/** `--after-send 30s` → seconds; anything but Session's timers is a usage error naming them. */
function timerArg(words: Catalog, text: string): number {
  const seconds = parseTimerName(text);
  if (seconds === undefined)
    throw new UsageError(
      fillCatalog(words.cliErrors.durationChoices, { choices: TIMER_NAMES.join(', '), value: text }),
    );
  return seconds;
}

function chosenSetting(
  words: Catalog,
  opts: { afterSend?: string; afterRead?: string; off?: boolean },
): DisappearingSetting {
  const given = [opts.afterSend, opts.afterRead, opts.off].filter((v) => v !== undefined).length;
  if (given !== 1) throw new UsageError(words.cliErrors.disappearingOneOf);
  if (opts.afterSend !== undefined) return { mode: 'after-send', seconds: timerArg(words, opts.afterSend) };
  if (opts.afterRead !== undefined) return { mode: 'after-read', seconds: timerArg(words, opts.afterRead) };
  return { mode: 'off' };
}

/** What `disappearing` says it set, without --json. */
function settingLine(words: Catalog, mode: DisappearingSetting['mode'], seconds: number): string {
  const said = words.cliOut;
  if (mode === 'off') return said.disappearingOff;
  return fillCatalog(mode === 'after-send' ? said.disappearingAfterSend : said.disappearingAfterRead, {
    seconds,
  });
}

/**
 * `disappearing`: a conversation's disappearing messages, told to them and our other devices.
 * A group's (03…) timer is its Info config's, set by an admin as the group panel does
 * (`groups.setDisappearing`): after sending only, as in Session; a member is told that only an
 * admin can.
 */
export function registerDisappearingCommand(program: Command, io: CliIo, globals: () => Globals): void {
  const h = io.words.cliHelp.disappearing;
  program
    .command('disappearing')
    .description(h.description)
    .argument('<id>', h.id)
    .addOption(
      new Option('--after-send <duration>', fillCatalog(h.afterSend, { choices: TIMER_NAMES.join(', ') })),
    )
    .addOption(
      new Option('--after-read <duration>', fillCatalog(h.afterRead, { choices: TIMER_NAMES.join(', ') })),
    )
    .option('--off', h.off)
    .option(
      '--json',
      fillCatalog(h.json, {
        shape: '{"id","hash","sentAt","mode","seconds"?}',
        groupShape: '{"groupId","mode","seconds"?}',
      }),
    )
    .option('--timeout <seconds>', io.words.cliHelp.timeout, (v) => Number(v), 60)
    .action(
      async (
        to: string,
        opts: { afterSend?: string; afterRead?: string; off?: boolean; json?: boolean; timeout: number },
      ) => {
        const setting = chosenSetting(io.words, opts);
        const target = conversationTargetArg(io.words, to);
        const conversationId = target.id;
        if (target.kind === 'group' && setting.mode === 'after-read')
          throw new UsageError(io.words.groupSettings.afterSendOnly);
        await withSession(globals(), async ({ core, session }) => {
          if (target.kind === 'group') {
            checkGroupHere(io.words, session.db, conversationId);
            await waitForPaths(io.words, core, opts.timeout * 1000);
            const seconds = setting.mode === 'off' ? 0 : setting.seconds;
            await groupStep(io.words, () => session.groups.admin.setDisappearing(conversationId, seconds));
            const mode = seconds === 0 ? 'off' : 'after-send';
            io.out(
              opts.json === true
                ? JSON.stringify({ groupId: conversationId, mode, ...(seconds === 0 ? {} : { seconds }) })
                : settingLine(io.words, mode, seconds),
            );
            return;
          }
          await waitForPaths(io.words, core, opts.timeout * 1000);
          session.messaging.open(conversationId);
          const notice = session.messaging.setDisappearing(conversationId, setting);
          if (!isMessageId(notice.id)) throw new Error('the new notice has a malformed id');
          const deadline = Date.now() + opts.timeout * 1000;
          const done = await waitForVerdict(io.words, session, notice.id, deadline);
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
              : settingLine(io.words, setting.mode, setting.mode === 'off' ? 0 : setting.seconds),
          );
          warnStillQueued(
            io,
            await settleQueued(io.words, session, conversationId, Math.max(deadline, Date.now() + 15_000)),
          );
        });
      },
    );
}
