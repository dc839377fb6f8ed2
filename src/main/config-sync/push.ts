/**
 * One push round (session-desktop `ts/session/utils/job_runners/jobs/UserSyncJob.ts`, libsession
 * `ConfigBase::push`/`confirm_pushed`): for each config that needs it, `push()` → store in our
 * own namespace with a 30-day TTL → `confirmPushed(seqno, hash)` → dump; then one `delete` of the
 * superseded hashes. Desktop sends the stores and the delete in one `sequence`; we send them one
 * after another, and delete only once every store of the round succeeded, so nothing is removed
 * from the swarm before what replaces it is there.
 */
import type { ConfigBase } from '../../swarm/config';
import { ConfigTooLargeError } from '../../swarm/config';
import type { AccountKeys, NetworkClient, StoreResult } from '../network';
import { deleteMessages, storeOwn } from '../network';
import { CONFIG_NAMES, type UserConfigs } from './configs';

/** `TTL_DEFAULT.CONFIG_MESSAGE` (session-desktop `ts/session/constants.ts`): 30 days. */
export const CONFIG_TTL_MS = 30 * 24 * 3600 * 1000;

/** Where pushes go: our own swarm in the app, a fake one in tests. */
export interface PushTransport {
  store(namespace: number, data: Uint8Array): Promise<Pick<StoreResult, 'hash'>>;
  remove(hashes: readonly string[]): Promise<unknown>;
}

export function swarmTransport(client: NetworkClient, account: AccountKeys): PushTransport {
  return {
    store: (namespace, data) => storeOwn(client, { account, namespace, data, ttlMs: CONFIG_TTL_MS }),
    remove: (hashes) => deleteMessages(client, account, hashes),
  };
}

export interface PushDeps {
  readonly transport: PushTransport;
  /** Writes changed dumps (and the pending deletions) to the database. */
  readonly persist: () => void;
  readonly log: (line: string) => void;
  /** False once the session closed: the keys may be wiped, nothing more may be pushed. */
  readonly alive: () => boolean;
}

/**
 * Pushes what needs pushing. `obsolete` accumulates hashes to delete across failed rounds (the
 * config hands them out once). Returns true when everything went out; throws nothing.
 */
export async function pushRound(configs: UserConfigs, obsolete: Set<string>, d: PushDeps): Promise<boolean> {
  let allStored = true;
  for (const name of CONFIG_NAMES) {
    const config: ConfigBase = configs[name];
    if (!d.alive()) return false;
    if (!config.needsPush()) continue;
    let push;
    try {
      push = config.push();
    } catch (error) {
      const why = error instanceof ConfigTooLargeError ? error.message : 'could not be built';
      d.log(`config ${name}: ${why}; not pushed`);
      allStored = false;
      continue;
    }
    for (const h of push.obsoleteHashes) obsolete.add(h);
    // Dumped before the store: a crash now re-pushes the same message on the next start.
    d.persist();
    try {
      const stored = await d.transport.store(config.type.namespace, push.data);
      config.confirmPushed(push.seqno, stored.hash);
      d.persist();
    } catch (error) {
      allStored = false;
      d.log(`config ${name}: push failed (${error instanceof Error ? error.message : 'error'}); will retry`);
    }
  }
  if (!allStored || !d.alive()) return false;
  if (obsolete.size > 0) {
    const hashes = [...obsolete];
    try {
      await d.transport.remove(hashes);
      for (const h of hashes) obsolete.delete(h);
      d.persist();
    } catch (error) {
      d.log(
        `config sync: deleting old config messages failed (${error instanceof Error ? error.message : 'error'})`,
      );
      return false;
    }
  }
  return true;
}
