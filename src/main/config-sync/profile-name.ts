/**
 * The display name between the account file and UserProfile `n`. The last pair known to be in
 * step is kept, so each side's change is recognised: the account changed here → written into the
 * config (pushed); the config changed elsewhere → written into the account. When the swarm holds
 * no name yet (a new account, or one made before config sync), ours is pushed, as desktop does
 * when it registers an account (`registerSingleDevice` sets the name in the UserProfile wrapper).
 */
import { z } from 'zod';
import type { UserProfile } from '../../swarm/config';
import type { KvRepository } from '../db/kv';
import { fitName } from './names';

const KEY = 'config-sync.name';
const zSynced = z.object({ account: z.string().nullable(), config: z.string().nullable() });
type Synced = z.infer<typeof zSynced>;

export interface NameAccount {
  displayName(): string | null;
  /** Sets the account's name; throws when the account refuses it (empty, too long). */
  setDisplayName(name: string): void;
}

export type NameOutcome = 'none' | 'pushed' | 'applied';

export function reconcileName(kv: KvRepository, profile: UserProfile, account: NameAccount): NameOutcome {
  const local = account.displayName();
  const remote = profile.name ?? null;
  const synced: Synced = kv.get(KEY, zSynced) ?? { account: local, config: null };
  const save = (s: Synced) => {
    kv.set(KEY, s);
  };
  if (local !== null && (local !== synced.account || remote === null)) {
    profile.setName(fitName(local));
    save({ account: local, config: profile.name ?? null });
    return remote === (profile.name ?? null) ? 'none' : 'pushed';
  }
  if (remote !== null && remote !== synced.config) {
    let applied = false;
    if (remote !== local) {
      try {
        account.setDisplayName(remote);
        applied = true;
      } catch {
        // A name this app refuses (e.g. only spaces) stays in the config untouched.
      }
    }
    save({ account: account.displayName(), config: remote });
    return applied ? 'applied' : 'none';
  }
  if (synced.account !== local || synced.config !== remote) save({ account: local, config: remote });
  return 'none';
}
