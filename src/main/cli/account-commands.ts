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
import { accountSummarySchema } from '../../shared/ipc/account';
import { UsageError, type CliIo } from './context';
import { accountErrorWords, fillCatalog } from './id-words';
import type { CliGlobals } from './id-commands';
import type { Catalog } from '../../shared/i18n';

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
  const h = io.words.cliHelp;
  const said = io.words.cliOut;
  const sessionIdLine = (id: string) => fillCatalog(said.sessionId, { id });
  const nameLine = (name: string | null) => fillCatalog(said.displayName, { name: name ?? said.notSet });
  // See registerIdCommands: errors go back to runCli instead of exiting the process.
  const account = program.command('account').description(h.account.description).exitOverride();

  account
    .command('create')
    .description(h.account.create)
    .requiredOption('--name <name>', h.displayName)
    .option('--json', h.json)
    .action((opts: { name: string; json?: boolean }) =>
      run(io.words, async () => {
        const created = (await open(globals)).create(opts.name);
        if (opts.json === true) {
          const { sessionId, mnemonic, displayName } = created;
          io.out(JSON.stringify({ sessionId, mnemonic, displayName }));
          return;
        }
        io.out(sessionIdLine(created.sessionId));
        io.out(nameLine(created.displayName));
        io.out(fillCatalog(said.recoveryPhrase, { phrase: created.mnemonic }));
        io.out(said.writePhraseDown);
      }),
    );

  account
    .command('restore')
    .description(h.account.restore)
    .option('--name <name>', h.account.restoreName)
    .option('--json', h.json)
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
        io.out(sessionIdLine(restored.sessionId));
        io.out(nameLine(restored.displayName));
      }),
    );

  account
    .command('set-name')
    .description(h.account.setName)
    .argument('<name>', h.account.newName)
    .option('--json', h.json)
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
        io.out(sessionIdLine(s.sessionId));
        io.out(nameLine(s.displayName));
      }),
    );

  account
    .command('show')
    .description(h.account.show)
    .option('--json', h.json)
    .action((opts: { json?: boolean }) =>
      run(io.words, async () => {
        const s = (await open(globals)).show();
        if (opts.json === true) {
          const { sessionId, displayName, ed25519PublicKey, protection } = s;
          io.out(JSON.stringify({ sessionId, displayName, ed25519PublicKey, protection }));
          return;
        }
        io.out(sessionIdLine(s.sessionId));
        io.out(nameLine(s.displayName));
        io.out(fillCatalog(said.ed25519PublicKey, { key: s.ed25519PublicKey }));
        io.out(fillCatalog(said.keysProtectedBy, { protection: said.protection[s.protection] }));
      }),
    );
}
