/** One push round against a fake swarm: order, confirmation, deletion of superseded messages, retry. */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSeed16, identityFromSeed, type Identity } from '../../../src/crypto/keys';
import { sodiumReady } from '../../../src/crypto/sodium';
import { Contacts, ConvoInfoVolatile, UserGroups, UserProfile } from '../../../src/swarm/config';
import type { UserConfigs } from '../../../src/main/config-sync/configs';
import { pushRound, type PushDeps } from '../../../src/main/config-sync/push';

let me: Identity;
beforeAll(async () => {
  await sodiumReady();
  me = identityFromSeed(generateSeed16());
});

function configs(): UserConfigs {
  const sk = me.ed25519SecretKey;
  return {
    profile: UserProfile.create(sk),
    contacts: Contacts.create(sk),
    volatile: ConvoInfoVolatile.create(sk, () => Date.now()),
    groups: UserGroups.create(sk),
  };
}

function fakeSwarm(failStores = 0) {
  const stored: { namespace: number; hash: string }[] = [];
  const deleted: string[][] = [];
  let persisted = 0;
  let n = 0;
  let failures = failStores;
  const deps: PushDeps = {
    persist: () => {
      persisted++;
    },
    log: () => undefined,
    alive: () => true,
    transport: {
      store: (namespace) => {
        if (failures > 0) {
          failures--;
          return Promise.reject(new Error('node down'));
        }
        const hash = `hash${n++}`;
        stored.push({ namespace, hash });
        return Promise.resolve({ hash });
      },
      remove: (hashes) => {
        deleted.push([...hashes]);
        return Promise.resolve(null);
      },
    },
  };
  return { deps, stored, deleted, persisted: () => persisted };
}

describe('pushRound', () => {
  it('stores each dirty config in its namespace, confirms it, then deletes what it superseded', async () => {
    const c = configs();
    const swarm = fakeSwarm();
    c.profile.setName('Alice');
    const obsolete = new Set<string>();
    expect(await pushRound(c, obsolete, swarm.deps)).toBe(true);
    expect(swarm.stored).toEqual([{ namespace: 2, hash: 'hash0' }]);
    expect(c.profile.needsPush()).toBe(false);
    expect(c.profile.currentHashes()).toEqual(['hash0']);
    expect(swarm.persisted()).toBeGreaterThanOrEqual(2); // before the store and after the confirm

    c.profile.setName('Alice B.');
    c.contacts.update(`05${'c'.repeat(64)}`, { name: 'Bob', approved: true });
    expect(await pushRound(c, obsolete, swarm.deps)).toBe(true);
    expect(swarm.stored.map((s) => s.namespace)).toEqual([2, 2, 3]);
    expect(swarm.deleted).toEqual([['hash0']]);
    expect(obsolete.size).toBe(0);
  });

  it('keeps the change and the hashes to delete after a failed store, and gets them out on retry', async () => {
    const c = configs();
    const swarm = fakeSwarm();
    c.profile.setName('One');
    await pushRound(c, new Set(), swarm.deps);
    const failing = fakeSwarm(1);
    c.profile.setName('Two');
    const obsolete = new Set<string>();
    expect(await pushRound(c, obsolete, failing.deps)).toBe(false);
    expect(c.profile.needsPush()).toBe(true);
    expect([...obsolete]).toEqual(['hash0']);
    expect(failing.deleted).toEqual([]); // nothing deleted before its replacement is stored

    expect(await pushRound(c, obsolete, failing.deps)).toBe(true);
    expect(c.profile.needsPush()).toBe(false);
    expect(failing.deleted).toEqual([['hash0']]);
  });
});
