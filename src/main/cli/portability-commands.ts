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
  program
    .command('export')
    .description('write an encrypted export of the whole profile (password on the first line of stdin)')
    .requiredOption('--out <file>', 'the export file to create (never replaced)')
    .option('--password-stdin', 'read the export password from the first line of stdin')
    .option('--json', 'print one JSON line')
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
          else io.out(`Exported ${summary.rows} rows and ${summary.files} files to ${summary.path}`);
        } finally {
          account.lock();
        }
      }),
    );

  program
    .command('import')
    .description('import an encrypted export into a new, empty profile (password on the first line of stdin)')
    .requiredOption('--in <file>', 'the export file')
    .option('--password-stdin', 'read the export password from the first line of stdin')
    .option('--json', 'print one JSON line')
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
        else io.out(`Imported ${summary.sessionId} (${summary.rows} rows, ${summary.files} files)`);
      }),
    );
}
