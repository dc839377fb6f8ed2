/**
 * `veil --profile DIR account create|restore|show`: the account of a profile, on the same
 * AccountService as the app. The CLI protects a new account's master key with a key file
 * (`keys/master.key`, 0600) — it has no OS keychain and prompts for nothing; set a password from
 * the app's Settings afterwards. `show` works on any protection: it reads only public fields.
 */
import type { Command } from 'commander';
import { AccountService } from '../account/account-service';
import { AccountError } from '../account/errors';
import { normalizeDisplayName } from '../account/display-name';
import { restoreFromNetwork } from '../config-sync/cli-restore';
import { openCliSession } from './core-session';
import type { ProtectionKind } from '../keys/protection';
import { accountSummarySchema } from '../../shared/ipc/account';
import { UsageError, type CliIo } from './context';
import { accountErrorWords } from './id-words';
import type { CliGlobals } from './id-commands';
import type { Catalog } from '../../shared/i18n';

const PROTECTION_TEXT: Readonly<Record<ProtectionKind, string>> = {
  'os-keychain': 'OS keychain',
  password: 'password (Argon2id)',
  'key-file': 'key file readable by your user only (keys/master.key)',
};

/**
 * A mistake the user can fix (bad phrase or name, no account, account exists, …) becomes a
 * usage error, a phrase's in the app's words; a damaged profile stays a failure of its own (exit 2
 * too, as every error).
 */
async function run(words: Catalog, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof AccountError && error.code !== 'storage.corrupt') {
      throw new UsageError(accountErrorWords(words, error));
    }
    throw error;
  }
}

function open(globals: () => CliGlobals): Promise<AccountService> {
  return AccountService.open(globals().profile, { defaultProtection: { kind: 'key-file' } });
}

/**
 * The name changed as the app changes it (IPC handler: validated, `account.changed` announced),
 * so config sync takes it; closing the CLI session pushes it before the command exits. The
 * profile's embedded devnet is left alone: nobody else can read it.
 */
async function pushName(
  g: CliGlobals,
  name: string,
): Promise<{ sessionId: string; displayName: string | null }> {
  const cli = await openCliSession(g.words, g.profile, g.network, g.proxy);
  try {
    const r = await cli.core.dispatcher.dispatch('account.setDisplayName', { displayName: name });
    if (!r.ok) throw new UsageError(r.error.message);
    return accountSummarySchema.parse(r.value);
  } finally {
    await cli.close();
  }
}

export function registerAccountCommands(program: Command, io: CliIo, globals: () => CliGlobals): void {
  // See registerIdCommands: errors go back to runCli instead of exiting the process.
  const account = program
    .command('account')
    .description('the account of the profile (--profile DIR)')
    .exitOverride();

  account
    .command('create')
    .description('create a new account in the profile and print its Session ID and recovery phrase')
    .requiredOption('--name <name>', 'display name (1–100 characters)')
    .option('--json', 'print one JSON line')
    .action((opts: { name: string; json?: boolean }) =>
      run(io.words, async () => {
        const created = (await open(globals)).create(opts.name);
        if (opts.json === true) {
          const { sessionId, mnemonic, displayName } = created;
          io.out(JSON.stringify({ sessionId, mnemonic, displayName }));
          return;
        }
        io.out(`Session ID: ${created.sessionId}`);
        io.out(`Display name: ${created.displayName}`);
        io.out(`Recovery phrase: ${created.mnemonic}`);
        io.out('Write the recovery phrase down: it is the only way to get this account back.');
      }),
    );

  account
    .command('restore')
    .description(
      'read a 13-word recovery phrase on stdin and restore its account in the profile; without ' +
        '--name, its display name and contacts are fetched from --network (up to 15 s)',
    )
    .option('--name <name>', 'display name (1–100 characters); skips the network lookup')
    .option('--json', 'print one JSON line')
    .action((opts: { name?: string; json?: boolean }) =>
      run(io.words, async () => {
        const phrase = await io.readStdin();
        const g = globals();
        // The embedded devnet of a profile without an account cannot hold this account's profile.
        const restored =
          opts.name === undefined && g.network !== 'devnet'
            ? await restoreFromNetwork(g.profile, g.network, phrase, undefined, g.proxy)
            : (await open(globals)).restore(phrase, opts.name);
        if (opts.json === true) {
          io.out(JSON.stringify({ sessionId: restored.sessionId, displayName: restored.displayName }));
          return;
        }
        io.out(`Session ID: ${restored.sessionId}`);
        io.out(`Display name: ${restored.displayName ?? '(not set)'}`);
      }),
    );

  account
    .command('set-name')
    .description(
      'change the display name (1–100 characters); with a network other than devnet, it is pushed ' +
        'to your other devices at once (contacts get it with your next message)',
    )
    .argument('<name>', 'the new display name')
    .option('--json', 'print one JSON line')
    .action((name: string, opts: { json?: boolean }) =>
      run(io.words, async () => {
        normalizeDisplayName(name); // a bad name is refused before any network work
        const g = globals();
        const s =
          g.network === 'devnet' ? (await open(globals)).setDisplayName(name) : await pushName(g, name);
        if (opts.json === true) {
          io.out(JSON.stringify({ sessionId: s.sessionId, displayName: s.displayName }));
          return;
        }
        io.out(`Session ID: ${s.sessionId}`);
        io.out(`Display name: ${s.displayName ?? '(not set)'}`);
      }),
    );

  account
    .command('show')
    .description('print the Session ID, display name, public key and key protection of the profile')
    .option('--json', 'print one JSON line')
    .action((opts: { json?: boolean }) =>
      run(io.words, async () => {
        const s = (await open(globals)).show();
        if (opts.json === true) {
          const { sessionId, displayName, ed25519PublicKey, protection } = s;
          io.out(JSON.stringify({ sessionId, displayName, ed25519PublicKey, protection }));
          return;
        }
        io.out(`Session ID: ${s.sessionId}`);
        io.out(`Display name: ${s.displayName ?? '(not set)'}`);
        io.out(`Ed25519 public key: ${s.ed25519PublicKey}`);
        io.out(`Keys protected by: ${PROTECTION_TEXT[s.protection]}`);
      }),
    );
}
