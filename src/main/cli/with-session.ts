/**
 * What every profile command shares: the global options and an open session that is always
 * closed.
 */
import { InvalidArgumentError } from 'commander';
import { openCliSession, runThenClose, type CliSession } from './core-session';
import type { SocksProxy } from '../network/proxy';
import type { Catalog } from '../../shared/i18n';

export interface Globals {
  readonly profile: string;
  readonly network: string;
  /** `--proxy` (VEIL_PROXY is read where the network is resolved). */
  readonly proxy?: SocksProxy;
  /** The language the run speaks (io.words). */
  readonly words: Catalog;
}

/** A `--timeout`/`--wait` option's parser, refusing in `words`. */
export const secondsParser =
  (words: Catalog) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 86_400)
      throw new InvalidArgumentError(words.cliErrors.secondsRange);
    return n;
  };

/**
 * Runs `work` on an open session and always closes it (database, network, devnet).
 * `beforeStart` sees the core before its network and session start (see VeilCore.open).
 */
export async function withSession<T>(
  g: Globals,
  work: (s: CliSession) => Promise<T> | T,
  beforeStart?: (core: CliSession['core']) => void,
  keep?: { readonly actions: boolean },
): Promise<T> {
  return runThenClose(await openCliSession(g.words, g.profile, g.network, g.proxy, beforeStart, keep), work);
}
