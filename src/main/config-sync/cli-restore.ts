/**
 * `veil account restore` without `--name`, as the app does it (sync-groups-communities.md §1.1):
 * look the profile up in the swarm (up to 15 s), write the account with the name found, then one
 * round of config sync so that `veil conversations` lists the contacts that came back.
 * Not exported from the index: it opens a VeilCore, which itself imports this folder.
 */
import type { RestoredAccount } from '../account/account-service';
import { normalizeDisplayName } from '../account/display-name';
import { sodiumReady } from '../../crypto/sodium';
import { bounded } from '../util/bounded';
import { VeilCore } from '../core/core';
import { proxyFromEnv, resolveNetwork } from '../core/network-config';
import type { SocksProxy } from '../network/proxy';
import { ensureProfileDir } from '../core/profile';
import { fetchProfileOfPhrase } from './handlers';
import { identityOfPhrase } from '../recovery-phrase';
import { RECOVERY_TIMEOUT_MS } from './fetch-profile';

function usableName(name: string | null): string | undefined {
  if (name === null) return undefined;
  try {
    return normalizeDisplayName(name);
  } catch {
    return undefined; // a name this app refuses: restored without one, as when none is found
  }
}

export async function restoreFromNetwork(
  profile: string,
  network: string,
  phrase: string,
  timeoutMs: number = RECOVERY_TIMEOUT_MS,
  proxy?: SocksProxy,
): Promise<RestoredAccount> {
  // identityOfPhrase derives keys and wipes them with libsodium, before VeilCore.open loads it.
  await sodiumReady();
  identityOfPhrase(phrase); // a wrong phrase is reported before any network work
  const profileDir = ensureProfileDir(profile);
  const { config, devnet } = await resolveNetwork(
    network,
    profileDir,
    process.env,
    proxy ?? proxyFromEnv(process.env),
  );
  const core = await VeilCore.open({
    profileDir,
    host: 'browser',
    network,
    networkConfig: { pollIntervalMs: 1000, ...config },
  });
  try {
    // An existing account is refused now rather than after the wait.
    if (core.account.status().state !== 'none') core.account.restore(phrase);
    const fetched = await fetchProfileOfPhrase(core.network, phrase, timeoutMs);
    const restored = core.account.restore(phrase, usableName(fetched.displayName), { kind: 'key-file' });
    const session = core.ensureSession();
    if (session) await bounded(session.configSync.syncOnce(), timeoutMs);
    return restored;
  } finally {
    await core.close();
    await devnet?.stop();
  }
}
