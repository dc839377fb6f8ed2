import { Command, InvalidArgumentError } from 'commander';
import { APP_NAME, APP_VERSION } from '../version';
import { sodiumReady } from '../../crypto/sodium';
import { defaultProfileDir } from '../core/profile';
import { CliError, processIo, type CliIo } from './context';
import { runBrowserHost } from './host-command';
import { registerIdCommands } from './id-commands';
import { registerAccountCommands } from './account-commands';
import { registerDevnetCommand } from './devnet-command';
import { registerInspectCommand } from './inspect-command';
import { registerMessageCommands } from './message-commands';
import { registerDisappearingCommand } from './disappearing-commands';
import { registerMuteCommand } from './mute-command';
import { registerHistoryCommands } from './history-commands';
import { registerNetCommand } from './net-command';
import { registerOnsCommands } from './ons-commands';
import { registerInviteCommand } from './invite-command';
import { parseProxyUrl, ProxyUrlError, type SocksProxy } from '../network/proxy';
import { registerPortabilityCommands } from './portability-commands';
import { registerCommunityCommands } from './community-commands';
import { registerGroupCommands } from './group-commands';
import { groupErrorWords } from './group-target';
import { GroupError } from '../groups/errors';
import type { Catalog } from '../../shared/i18n';
import { cliWords } from './language';
import { helpInWords } from './help-words';
import { parseErrorWords } from './parse-words';
import { fillCatalog } from './id-words';

export interface GlobalOptions {
  readonly profile: string;
  readonly network: string;
  readonly proxy?: SocksProxy;
  /** The language the run speaks (io.words), for the commands that open a session. */
  readonly words: Catalog;
}

function parseProxy(value: string): SocksProxy {
  try {
    return parseProxyUrl(value);
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
}

const portParser =
  (words: Catalog) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(words.cliErrors.portRange);
    return n;
  };

const networkParser =
  (words: Catalog) =>
  (value: string): string => {
    if (value === 'devnet' || value === 'mainnet') return value;
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
    } catch {
      // fall through
    }
    throw new InvalidArgumentError(words.cliErrors.networkName);
  };

/** The `veil` command line; every command runs on the same core as the app. */
export function buildProgram(io: CliIo): Command {
  const program = new Command();
  const h = io.words.cliHelp;
  program
    .name('veil')
    // Set before any subcommand is made: commander copies them to each one (help in every language).
    .configureHelp(helpInWords(io.words))
    .helpOption('-h, --help', h.help)
    .helpCommand('help [command]', h.help)
    .description(fillCatalog(h.program, { app: APP_NAME }))
    .version(APP_VERSION, '-V, --version', h.version)
    .option('--profile <dir>', h.profile, defaultProfileDir())
    .option('--network <name>', h.network, networkParser(io.words), 'devnet')
    .option('--proxy <url>', h.proxy, parseProxy)
    .configureOutput({
      writeOut: (s) => {
        io.out(s.replace(/\n$/, ''));
      },
      writeErr: (s) => {
        io.err(s.replace(/\n$/, ''));
      },
      outputError: (s, write) => {
        write(parseErrorWords(io.words, s));
      },
    })
    .showHelpAfterError(h.afterError)
    // Throw instead of exiting, on every command: set before the subcommands are made, which
    // copy it (set after them, a mistyped option of `receive`, `send`… exited 1 by itself,
    // not 2 with the catalog's line through `reportFailure`).
    .exitOverride()
    // The CLI is an entry point: libsodium is loaded once here, before any command runs, so that no
    // command's synchronous crypto (a phrase decoded and wiped, keys derived) can run before it.
    .hook('preAction', async () => {
      await sodiumReady();
    });

  const globals = (): GlobalOptions => ({
    ...program.opts<Omit<GlobalOptions, 'words'>>(),
    words: io.words,
  });

  program
    .command('host')
    .description(h.host.description)
    .option('--port <port>', h.host.port, portParser(io.words), 0)
    .option('--no-open', h.host.noOpen)
    .option('--reason <text>', h.host.reason)
    .action(async (opts: { port: number; open: boolean; reason?: string }) => {
      const g = globals();
      await runBrowserHost(io, {
        profileDir: g.profile,
        network: g.network,
        ...(g.proxy !== undefined ? { proxy: g.proxy } : {}),
        port: opts.port,
        open: opts.open,
        ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
      });
    });

  registerIdCommands(program, io, globals);
  registerAccountCommands(program, io, globals);
  registerDevnetCommand(program, io);
  registerInspectCommand(program, io);
  registerNetCommand(program, io, globals);
  registerMessageCommands(program, io, globals);
  registerDisappearingCommand(program, io, globals);
  registerMuteCommand(program, io, globals);
  registerHistoryCommands(program, io, globals);
  registerOnsCommands(program, io, globals);
  registerInviteCommand(program, io, globals);
  registerPortabilityCommands(program, io, globals);
  registerCommunityCommands(program, io, globals);
  registerGroupCommands(program, io, globals);
  return program;
}

/**
 * Runs the CLI and returns the exit status instead of exiting, so tests can call it. The process's
 * streams say the language its environment asks for (language.ts).
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo = processIo(cliWords(process.env)),
): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportFailure(error, io);
  }
}

/** A command's failure as one line on stderr (the catalog's words where it is the user's); its exit status. */
export function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof CliError) {
    io.err(error.message);
    return error.exitCode;
  }
  // A malformed VEIL_PROXY is the user's to fix, as a malformed --proxy.
  if (error instanceof ProxyUrlError) {
    // eslint-disable-next-line no-restricted-syntax -- the program's and the variable's names, not words
    io.err(`veil: VEIL_PROXY: ${error.message}`);
    return 2;
  }
  // Another process holds the profile's write lock past the busy timeout (the app, a long
  // command): SQLite's own English ("database is locked") told the user nothing to do.
  if (isDatabaseBusy(error)) {
    io.err(io.words.cliErrors.profileBusy);
    return 2;
  }
  // A group step outside groupStep: the app's sentence, exit 2 as every error (`offline` too).
  if (error instanceof GroupError) {
    io.err(groupErrorWords(io.words, error.code));
    return 2;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('commander.')) {
    const exitCode = (error as { exitCode?: number }).exitCode ?? 2;
    return code === 'commander.helpDisplayed' || code === 'commander.version'
      ? 0
      : exitCode === 1
        ? 2
        : exitCode;
  }
  // Not the user's to fix (a defect): its message as it is, named as ours; exit 2 as every error.
  // eslint-disable-next-line no-restricted-syntax -- the program's name, not words
  io.err(`veil: ${error instanceof Error ? error.message : String(error)}`);
  return 2;
}

/** SQLite's "database is locked" family: SQLITE_BUSY (and its extended codes) or SQLITE_LOCKED. */
function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(?:BUSY|LOCKED)(?:_|$)/.test(code);
}

/**
 * The npm scripts that hand what the user typed after `--` to this entry: `npm run veil`,
 * `npm run devnet` (`--data DIR`) and `npm start`, whose browser host is this entry too
 * (`--profile DIR`). Others (`npm test`, `npm run bench`) keep their own working folder.
 */
const TYPED_IN_SCRIPTS: ReadonlySet<string> = new Set(['veil', 'devnet', 'start']);

/**
 * `npm run veil -- …` runs the CLI with the repository as its working folder, so a relative path
 * the user typed (`--profile`, `--attach`, an export's file) meant a file there. npm keeps the
 * folder the command was typed in as INIT_CWD: paths are read from it, as with any command.
 */
export function typedInFolder(env: NodeJS.ProcessEnv): string | undefined {
  const script = env.npm_lifecycle_event;
  return script !== undefined && TYPED_IN_SCRIPTS.has(script) && env.INIT_CWD ? env.INIT_CWD : undefined;
}

const isEntry = process.argv[1] !== undefined && /cli[\\/]main\.[cm]?[jt]s$/.test(process.argv[1]);
if (isEntry) {
  const folder = typedInFolder(process.env);
  if (folder !== undefined) {
    try {
      process.chdir(folder);
    } catch {
      // Gone since it was typed in: relative paths stay the repository's, as before.
    }
  }
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
