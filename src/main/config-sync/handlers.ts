import { AccountError } from '../account/errors';
import { identityOfPhrase } from '../recovery-phrase';
import { toIpcFailure } from '../account/ipc-errors';
import type { Handlers } from '../ipc/dispatcher';
import type { NetworkClient } from '../network';
import { wipe } from '../keys/master-key';
import { fetchProfile, type FetchedProfile } from './fetch-profile';

/** Restore: looks up the phrase's profile in its swarm before the account is written. */
export async function fetchProfileOfPhrase(
  network: NetworkClient | undefined,
  phrase: string,
  timeoutMs?: number,
): Promise<FetchedProfile> {
  const identity = identityOfPhrase(phrase);
  try {
    return await fetchProfile(network, identity, timeoutMs);
  } finally {
    wipe(identity.ed25519SecretKey, identity.x25519SecretKey);
  }
}

/** `account.fetchProfile`: the secret keys stay in main; only the public name comes back. */
export function configSyncHandlers(
  network: NetworkClient | undefined,
): Pick<Handlers, 'account.fetchProfile'> {
  return {
    'account.fetchProfile': async ({ phrase }) => {
      try {
        return await fetchProfileOfPhrase(network, phrase);
      } catch (error) {
        throw error instanceof AccountError ? toIpcFailure(error) : error;
      }
    },
  };
}
