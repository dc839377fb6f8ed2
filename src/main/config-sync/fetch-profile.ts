/**
 * Restore, step 2 (sync-groups-communities.md §1.1; session-desktop `accountManager.ts`
 * `signInByLinkingDevice`, `swarmPolling.ts` `pollOnceForOurDisplayName`): ask **every** member
 * of the account's swarm for namespace 2 (UserProfile) with an empty last hash, in parallel; the
 * first non-empty answer is merged into a fresh UserProfile and its name read. Members may lag,
 * hence all of them. When every member has answered and none holds a profile, the account has
 * none: the answer is "no name" at once. Otherwise (no path yet, no member answering) it is tried
 * again until `timeoutMs` (desktop's `ONBOARDING_TIMES.RECOVERY_TIMEOUT`, 15 s) runs out.
 */
import type { Identity } from '../../crypto/keys';
import { UserProfile } from '../../swarm/config';
import type { Snode } from '../../onion/keys';
import type { RetrievedMessage } from '../../swarm/storage-responses';
import { retrieveFrom, swarmFor, type NetworkClient } from '../network';
import { sleep } from '../network/backoff';

export const RECOVERY_TIMEOUT_MS = 15_000;
const RETRY_MS = 500;

export interface FetchedProfile {
  /** The name in the swarm's UserProfile, or null when none was found in time. */
  readonly displayName: string | null;
}

/**
 * What the swarm's members said about namespace 2: some messages (the first non-empty answer),
 * `'empty'` when every member has answered and at least one answered with nothing (the account
 * has no profile there: no use waiting), or `undefined` when none answered (no path yet, nodes
 * down: the caller tries again until its deadline).
 */
function firstNonEmpty(client: NetworkClient, identity: Identity, swarm: readonly Snode[]) {
  return new Promise<readonly RetrievedMessage[] | 'empty' | undefined>((resolve) => {
    let pending = swarm.length;
    let answered = false;
    if (pending === 0) resolve(undefined);
    for (const node of swarm) {
      retrieveFrom(client, identity, node, [{ namespace: 2, lastHash: '' }])
        .then((r) => {
          answered = true;
          const messages = r[0]?.messages ?? [];
          if (messages.length > 0) resolve(messages);
        })
        .catch(() => undefined)
        .finally(() => {
          if (--pending === 0) resolve(answered ? 'empty' : undefined);
        });
    }
  });
}

function timeout(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), Math.max(0, ms)).unref());
}

/** Looks for the account's profile in its swarm; never throws. */
export async function fetchProfile(
  client: NetworkClient | undefined,
  identity: Identity,
  timeoutMs: number = RECOVERY_TIMEOUT_MS,
): Promise<FetchedProfile> {
  if (!client) return { displayName: null };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const attempt = (async () => {
      try {
        const swarm = await swarmFor(client, identity.sessionId);
        const found = await firstNonEmpty(client, identity, swarm);
        if (found === 'empty') return null;
        if (!found) return undefined;
        const profile = UserProfile.create(identity.ed25519SecretKey);
        profile.merge(found.map((m) => ({ hash: m.hash, data: m.data })));
        return profile.name ?? null;
      } catch {
        return undefined; // no path or no swarm yet: try again
      }
    })();
    const name = await Promise.race([attempt, timeout(deadline - Date.now())]);
    // A profile without a name, or none at all in a swarm that answered, ends the wait too: the
    // user is asked for a name at once (§1.1 step 5). Only silence is waited out.
    if (name !== undefined) return { displayName: name };
    await sleep(Math.min(RETRY_MS, Math.max(0, deadline - Date.now())));
  }
  return { displayName: null };
}
