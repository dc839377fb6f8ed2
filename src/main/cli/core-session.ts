import { bounded } from '../util/bounded';
import { VeilCore } from '../core/core';
import { proxyFromEnv, resolveNetwork } from '../core/network-config';
import type { SocksProxy } from '../network/proxy';
import { ensureProfileDir } from '../core/profile';
import type { ProfileSession } from '../core/session';
import { UnreachableError, UsageError } from './context';
import { ProxyError } from '../network/proxy';
import type { Catalog } from '../../shared/i18n';
import { fillCatalog } from './id-words';
import { keepActions } from './kept-actions';

/** How long a command may spend pushing its changes to the swarm before it exits anyway. */
const CLOSE_SYNC_MS = 10_000;

export interface CliSession {
  /** The language the run speaks. */
  readonly words: Catalog;
  readonly core: VeilCore;
  readonly session: ProfileSession;
  /**
   * The command found the network out of reach within its time: close() then tries nothing more
   * on it (no push of our changes) and stops it before the profile, so that requests still in
   * flight (a poll, a message being tried) end at once instead of at their own timeouts, past the
   * command's `--timeout`. What they carried stays queued for the next run.
   */
  abandonNetwork(): void;
  close(): Promise<void>;
}

/**
 * Opens the profile's core on the chosen network for one command, with its account unlocked.
 * `--network devnet` runs the profile's own embedded devnet; to reach other profiles, start
 * `veil devnet` once and pass its seed URL as `--network`.
 */
export async function openCliSession(
  words: Catalog,
  profile: string,
  network: string,
  proxy?: SocksProxy,
  beforeStart?: (core: VeilCore) => void,
  /** Whether reactions and unsends it takes in wait for `receive` (kept-actions.ts): all but receive's own. */
  keep: { readonly actions: boolean } = { actions: true },
): Promise<CliSession> {
  const profileDir = ensureProfileDir(profile);
  const { config, devnet } = await resolveNetwork(
    network,
    profileDir,
    process.env,
    proxy ?? proxyFromEnv(process.env),
  );
  let core: VeilCore;
  let stopKeeping: (() => void) | undefined;
  try {
    core = await VeilCore.open(
      {
        profileDir,
        host: 'browser',
        network,
        networkConfig: { pollIntervalMs: 1000, ...config },
      },
      (opening) => {
        // An older profile's one-time conversion (page-conversion.ts): its progress on stderr,
        // so that a command's output stays clean.
        let tens = -1;
        opening.domain.on('database.optimising', (e) => {
          if (e.percent === null || Math.floor(e.percent / 10) <= tens) return;
          tens = Math.floor(e.percent / 10);
          process.stderr.write(`${fillCatalog(words.databaseOptimising.progress, { percent: e.percent })}\n`);
        });
        if (keep.actions) stopKeeping = keepActions(opening);
        beforeStart?.(opening);
      },
    );
  } catch (error) {
    // The profile's embedded devnet too: nothing may keep the process from exiting.
    await devnet?.stop();
    throw error;
  }
  let abandoned = false;
  const close = async () => {
    // What this command changed (a new conversation; the name of an account created offline)
    // reaches the account's other devices before the process ends, as the app would push it.
    const sync = core.ensureSession()?.configSync;
    if (abandoned) await core.network?.stop();
    else if (sync && core.network && !sync.idle()) await bounded(sync.syncOnce(), CLOSE_SYNC_MS);
    await core.close();
    stopKeeping?.();
    await devnet?.stop();
  };
  const state = core.account.status().state;
  const session = core.ensureSession();
  if (!session) {
    await close();
    throw new UsageError(state === 'locked' ? words.cliErrors.profileLocked : words.cliErrors.noAccount);
  }
  return {
    words,
    core,
    session,
    abandonNetwork: () => {
      abandoned = true;
    },
    close,
  };
}

/**
 * Runs `work` on an open session and always closes it; when the work ends because the network
 * could not be reached, the network is given up first (abandonNetwork), so the command ends at
 * its `--timeout`.
 */
export async function runThenClose<T>(s: CliSession, work: (s: CliSession) => Promise<T> | T): Promise<T> {
  try {
    return await work(s);
  } catch (error) {
    if (error instanceof UnreachableError) s.abandonNetwork();
    throw error;
  } finally {
    await s.close();
  }
}

/** Resolves when the network has its onion paths, or throws after `ms`. */
export async function waitForPaths(words: Catalog, core: VeilCore, ms = 30_000): Promise<void> {
  const network = core.network;
  if (!network) return;
  const deadline = Date.now() + ms;
  while (network.status().state !== 'connected' && network.status().state !== 'degraded') {
    // A proxy that cannot connect us is the user's to fix: one line naming it, exit 2.
    const failure = core.http.proxyFailure();
    if (failure && network.status().state === 'offline')
      throw new UsageError(new ProxyError(failure.failure, failure.proxy, '').message);
    if (Date.now() > deadline) throw new UnreachableError(unreachableLine(words, network.status().reason));
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The line a command ends with when the network stays out of reach: the app's words for the
 * status reason (a bare code such as "no-guard" told a newcomer nothing), the code kept for reports.
 */
export function unreachableLine(words: Catalog, reason: string | null): string {
  const reasons: Readonly<Record<string, string>> = words.network.reasons;
  const said = reason !== null && Object.hasOwn(reasons, reason) ? reasons[reason] : undefined;
  // No reason at all: the sentence alone (an English "no path" in its place read as words).
  if (reason === null) return words.cliErrors.unreachableNoReason;
  return said === undefined
    ? `${words.cliErrors.unreachableNoReason} (${reason})`
    : `${fillCatalog(words.cliErrors.unreachable, { reason: said })} (${reason})`;
}
