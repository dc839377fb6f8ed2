/**
 * `veil --profile DIR export --out FILE --password-stdin` and
 * `veil --profile DIR import --in FILE --password-stdin`: the encrypted profile export of
 * src/main/portability. The export's password is the first line of stdin; for a profile under a
 * password, the second line is that profile password. Every failure is one line, exit 2. An
 * imported profile's key is kept in a key file, as `account create` does (set a password from
 * the app's Settings afterwards).
 */
import type { Command } from 'commander';
import { AccountService } from '../account/account-service';
import { AccountError } from '../account/errors';
import { exportProfile } from '../portability/export';
import { importProfile } from '../portability/import';
import { PortabilityError } from '../portability/errors';
import { ensureProfileDir } from '../core/profile';
import { UsageError, type CliIo } from './context';
import type { CliGlobals } from './id-commands';
import type { Catalog } from '../../shared/i18n';
import { fillCatalog } from './id-words';

async function run(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof PortabilityError || error instanceof AccountError)
      throw new UsageError(error.message);
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function stdinLines(text: string): string[] {
  return text.split(/\r?\n/);
}

function requireStdinFlag(words: Catalog, flag: boolean | undefined): void {
  // The password is never an argument (process lists and shell histories would show it).
  if (flag !== true) throw new UsageError(words.cliErrors.passwordStdin);
}

export function registerPortabilityCommands(program: Command, io: CliIo, globals: () => CliGlobals): void {
  const h = io.words.cliHelp;
  program
    .command('export')
    .description(h.export.description)
    .requiredOption('--out <file>', h.export.out)
    .option('--password-stdin', h.passwordStdin)
    .option('--json', h.json)
    .action((opts: { out: string; passwordStdin?: boolean; json?: boolean }) =>
      run(async () => {
        requireStdinFlag(io.words, opts.passwordStdin);
        const [password = '', profilePassword] = stdinLines(await io.readStdin());
        const profile = globals().profile;
        const account = await AccountService.open(profile, { defaultProtection: { kind: 'key-file' } });
        if (account.status().state === 'locked') {
          if (profilePassword === undefined || profilePassword === '') {
            throw new UsageError(io.words.cliErrors.lockedSecondLine);
          }
          account.unlock(profilePassword);
        }
        try {
          const summary = await exportProfile({ profileDir: profile, account, out: opts.out, password });
          if (opts.json === true) io.out(JSON.stringify(summary));
          else
            io.out(
              fillCatalog(io.words.cliOut.exported, {
                rows: summary.rows,
                files: summary.files,
                path: summary.path,
              }),
            );
        } finally {
          account.lock();
        }
      }),
    );

  program
    .command('import')
    .description(h.import.description)
    .requiredOption('--in <file>', h.import.in)
    .option('--password-stdin', h.passwordStdin)
    .option('--json', h.json)
    .action((opts: { in: string; passwordStdin?: boolean; json?: boolean }) =>
      run(async () => {
        requireStdinFlag(io.words, opts.passwordStdin);
        const [password = ''] = stdinLines(await io.readStdin());
        const profile = ensureProfileDir(globals().profile);
        const summary = await importProfile({
          profileDir: profile,
          input: opts.in,
          password,
          protection: { kind: 'key-file' },
        });
        if (opts.json === true) io.out(JSON.stringify(summary));
        else
          io.out(
            fillCatalog(io.words.cliOut.imported, {
              id: summary.sessionId,
              rows: summary.rows,
              files: summary.files,
            }),
          );
      }),
    );
}
