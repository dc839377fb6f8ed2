/**
 * `veil resolve NAME [--json]`: the Session ID an ONS name is registered to, confirmed by three
 * nodes as the app does. `--json` prints exactly `{"name","sessionId"}`. An unknown or malformed
 * name, or a network that cannot answer, is one line on stderr (the app's sentence, from the
 * catalog's `reasons.ons`) and exit status 2.
 * Also the recipient argument of `send`, which takes a name in place of a Session ID.
 */
import type { Command } from 'commander';
import type { SessionId } from '../../crypto/keys';
import { parseSessionIdInput } from '../../crypto/session-id';
import { looksLikeAccountId, normalizeOnsName } from '../../shared/ons-name';
import { IpcFailure } from '../../shared/ipc/result';
import { VeilCore } from '../core/core';
import { proxyFromEnv, resolveNetwork } from '../core/network-config';
import type { SocksProxy } from '../network/proxy';
import { resolveName, type ResolvedName } from '../core/ons-handlers';
import { ensureProfileDir } from '../core/profile';
import { UsageError, type CliIo } from './context';
import { waitForPaths } from './core-session';
import { fillCatalog, sessionIdWords } from './id-words';
import type { Catalog } from '../../shared/i18n';

interface Globals {
  readonly profile: string;
  readonly network: string;
  /** `--proxy` (VEIL_PROXY is read where the network is resolved). */
  readonly proxy?: SocksProxy;
}

type OnsReason = keyof Catalog['reasons']['ons'];

/** The IPC reasons of a lookup (ons-handlers.ts) and the catalog sentence each one is. */
const REASONS: Readonly<Record<string, OnsReason>> = {
  'ons.invalid': 'invalid',
  'ons.unknown': 'unknown',
  'ons.network': 'network',
};

/** The app's words for an ONS failure, as one exit-2 line. */
function onsError(words: Catalog, reason: OnsReason, name: string): UsageError {
  return new UsageError(fillCatalog(words.reasons.ons[reason], { name: name.trim() }));
}

/** Resolves `name` on a started core, turning its failures into exit-2 usage errors. */
export async function resolveForCli(
  words: Catalog,
  core: VeilCore,
  name: string,
  timeoutSeconds: number,
): Promise<ResolvedName> {
  if (normalizeOnsName(name) === undefined) throw onsError(words, 'invalid', name);
  try {
    await waitForPaths(words, core, timeoutSeconds * 1000);
    return await resolveName(core.network, name);
  } catch (error) {
    const reason =
      error instanceof IpcFailure && error.reason !== undefined ? REASONS[error.reason] : undefined;
    throw onsError(words, reason ?? 'network', name);
  }
}

/**
 * A recipient typed on the command line: a Session ID, else an ONS name looked up now. Text that
 * starts like an ID keeps the ID's own error.
 */
export async function recipientOf(
  words: Catalog,
  core: VeilCore,
  text: string,
  timeoutSeconds: number,
): Promise<SessionId> {
  const parsed = parseSessionIdInput(text);
  if (parsed.ok) return parsed.sessionId;
  // A long run of hex is an ID being typed: its own error, in the app's words, says what to fix.
  if (looksLikeAccountId(text)) throw new UsageError(sessionIdWords(words, parsed.error));
  if (normalizeOnsName(text) === undefined) throw onsError(words, 'invalid', text);
  try {
    return (await resolveForCli(words, core, text, timeoutSeconds)).sessionId;
  } catch (error) {
    // `05abc` is a legal ONS name, and Session desktop looks up whatever the name syntax accepts
    // (OverlayMessage.tsx: only a full-length key skips the lookup), so a registered one still
    // works here. But 05 and hex alone is far more likely a Session ID cut short or mistyped:
    // when no one has that name, or it cannot be looked up, the ID's error is the useful line.
    if (error instanceof UsageError && /^05[0-9a-f]*$/i.test(text.trim()))
      throw new UsageError(sessionIdWords(words, parsed.error));
    throw error;
  }
}

export function registerOnsCommands(program: Command, io: CliIo, globals: () => Globals): void {
  program
    .command('resolve')
    .description(io.words.cliHelp.resolve.description)
    .argument('<name>', io.words.cliHelp.resolve.name)
    .option('--json', fillCatalog(io.words.cliHelp.jsonShape, { shape: '{"name","sessionId"}' }))
    .option('--timeout <seconds>', io.words.cliHelp.timeout, (v) => Number(v), 30)
    .action(async (name: string, opts: { json?: boolean; timeout: number }) => {
      if (normalizeOnsName(name) === undefined) throw onsError(io.words, 'invalid', name);
      const g = globals();
      // No account is needed: only the network is opened.
      const profileDir = ensureProfileDir(g.profile);
      const { config, devnet } = await resolveNetwork(
        g.network,
        profileDir,
        process.env,
        g.proxy ?? proxyFromEnv(process.env),
      );
      const core = await VeilCore.open({
        profileDir,
        host: 'browser',
        network: g.network,
        networkConfig: config,
      });
      try {
        const r = await resolveForCli(
          io.words,
          core,
          name,
          Number.isFinite(opts.timeout) ? opts.timeout : 30,
        );
        io.out(opts.json === true ? JSON.stringify({ name: r.name, sessionId: r.sessionId }) : r.sessionId);
      } finally {
        await core.close();
        await devnet?.stop();
      }
    });
}
