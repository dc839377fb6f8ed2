/**
 * The four user config objects of one account and their dumps in the encrypted database
 * (`settings_kv`, SQLCipher at rest), as desktop keeps its libsession dumps in `configDump`
 * (session-desktop `ts/data/configDump`). A dump that does not load is dropped and the object
 * starts empty: the swarm still holds the state and the next poll merges it back.
 */
import { z } from 'zod';
import { fromBase64, toBase64 } from '../../crypto/bytes';
import type { Ed25519SecretKey } from '../../crypto/keys';
import { Contacts, ConvoInfoVolatile, UserGroups, UserProfile } from '../../swarm/config';
import type { ConfigBase } from '../../swarm/config';
import type { KvRepository } from '../db/kv';

export interface UserConfigs {
  readonly profile: UserProfile;
  readonly contacts: Contacts;
  readonly volatile: ConvoInfoVolatile;
  readonly groups: UserGroups;
}

export type ConfigName = keyof UserConfigs;
export const CONFIG_NAMES: readonly ConfigName[] = ['profile', 'contacts', 'groups', 'volatile'];

const dumpKey = (name: ConfigName): string => `config-sync.dump.${name}`;
const zDump = z.string().max(1_000_000);

function read(kv: KvRepository, name: ConfigName, log: (l: string) => void): Uint8Array | undefined {
  try {
    const b64 = kv.get(dumpKey(name), zDump);
    return b64 === undefined ? undefined : fromBase64(b64);
  } catch {
    log(`config ${name}: stored dump unreadable, starting empty`);
    return undefined;
  }
}

function loaded<T>(r: { ok: true; value: T } | { ok: false }, fresh: () => T): T {
  return r.ok ? r.value : fresh();
}

/** Loads each config from its dump, or creates it empty. */
export function loadConfigs(
  kv: KvRepository,
  sk: Ed25519SecretKey,
  now: () => number,
  log: (line: string) => void = () => undefined,
): UserConfigs {
  const dump = (name: ConfigName) => read(kv, name, log);
  const p = dump('profile');
  const c = dump('contacts');
  const v = dump('volatile');
  const g = dump('groups');
  return {
    profile: p ? loaded(UserProfile.load(sk, p), () => UserProfile.create(sk)) : UserProfile.create(sk),
    contacts: c ? loaded(Contacts.load(sk, c), () => Contacts.create(sk)) : Contacts.create(sk),
    volatile: v
      ? loaded(ConvoInfoVolatile.load(sk, v, now), () => ConvoInfoVolatile.create(sk, now))
      : ConvoInfoVolatile.create(sk, now),
    groups: g ? loaded(UserGroups.load(sk, g), () => UserGroups.create(sk)) : UserGroups.create(sk),
  };
}

/** Writes the dump of every config that changed since its last dump. */
export function saveDumps(kv: KvRepository, configs: UserConfigs): void {
  for (const name of CONFIG_NAMES) {
    const config: ConfigBase = configs[name];
    if (config.needsDump()) kv.set(dumpKey(name), toBase64(config.dump()));
  }
}

/** True when a dump was ever written for this account (this device synced before). */
export function hasDumps(kv: KvRepository): boolean {
  return CONFIG_NAMES.some((n) => kv.get(dumpKey(n), zDump) !== undefined);
}

export function configByNamespace(configs: UserConfigs, namespace: number): ConfigBase | undefined {
  return CONFIG_NAMES.map((n) => configs[n] as ConfigBase).find((c) => c.type.namespace === namespace);
}
