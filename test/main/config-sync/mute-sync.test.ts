/**
 * A conversation's mute goes to the account's other devices through the Contacts config (`@`,
 * `!`), both ways, and a round trip in whole seconds changes nothing (docs/protocol-notes.md,
 * "Mute across devices").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity, SessionId } from '../../../src/crypto/keys';
import type { Contacts } from '../../../src/swarm/config';
import { applyContacts } from '../../../src/main/config-sync/apply';
import { collectConversations } from '../../../src/main/config-sync/collect';
import { muteFromConfig, muteToConfig, sameMute } from '../../../src/main/config-sync/mute';
import { MUTED_FOREVER } from '../../../src/shared/notifications';
import { ALICE, BOB, removeTempDirs } from '../db/helpers';
import { glueDevice } from './glue-device';
import { newIdentity } from './offline-sync';

const NOW = 1_700_000_100_000;
const HOUR = 3_600_000;
const noLog = () => undefined;
let me: Identity;

beforeAll(async () => {
  me = await newIdentity();
});
afterAll(removeTempDirs);

/** A device where Alice and Bob are approved contacts. */
function device() {
  const { db, ctx, targets } = glueDevice(me, NOW);
  for (const id of [ALICE, BOB])
    db.conversations.ensureConversation({ id, type: 'private', approved: true }, NOW);
  return { db, ctx, targets };
}

function transfer(from: Contacts, to: Contacts): void {
  const p = from.push();
  const hash = `h-${p.seqno}-${Math.random()}`;
  from.confirmPushed(p.seqno, hash);
  to.merge([{ hash, data: p.data }]);
}

describe('mute in the Contacts config', () => {
  it('maps always, a timed mute and no mute both ways', () => {
    expect(muteToConfig(MUTED_FOREVER, undefined, NOW)).toEqual({ notifications: 'disabled', muteUntil: 0 });
    expect(muteToConfig(NOW + HOUR + 1, 'all', NOW)).toEqual({
      notifications: 'all',
      muteUntil: Math.ceil((NOW + HOUR + 1) / 1000),
    });
    // Unmuted here: another client's "disabled" ends, a past mute is none.
    expect(muteToConfig(null, 'disabled', NOW)).toEqual({ notifications: 'default', muteUntil: 0 });
    expect(muteToConfig(NOW - 1, undefined, NOW)).toEqual({ notifications: 'default', muteUntil: 0 });
    expect(muteFromConfig({ notifications: 'disabled', muteUntil: 0 }, NOW)).toBe(MUTED_FOREVER);
    expect(muteFromConfig({ notifications: 'default', muteUntil: NOW / 1000 + 60 }, NOW)).toBe(NOW + 60_000);
    expect(muteFromConfig({ notifications: 'all', muteUntil: NOW / 1000 - 60 }, NOW)).toBeNull();
    expect(sameMute(NOW + 1500, NOW + 2000, NOW)).toBe(true);
    expect(sameMute(NOW + 1500, NOW + 2001, NOW)).toBe(false);
    expect(sameMute(null, NOW - 5, NOW)).toBe(true);
    expect(sameMute(MUTED_FOREVER, null, NOW)).toBe(false);
  });

  it('a mute set on one device reaches the other; unmuting too; a round trip writes nothing', () => {
    const one = device();
    const two = device();
    collectConversations(one.ctx, one.targets, noLog);
    transfer(one.targets.contacts, two.targets.contacts);
    applyContacts(two.ctx, two.targets.contacts);

    // Device one: Alice muted for 8 hours (ms, not a whole second), Bob always.
    const until = NOW + 8 * HOUR + 123;
    one.db.mute.setMutedUntil(ALICE, until);
    one.db.mute.setMutedUntil(BOB, MUTED_FOREVER);
    collectConversations(one.ctx, one.targets, noLog);
    expect(one.targets.contacts.get(ALICE)).toMatchObject({ muteUntil: Math.ceil(until / 1000) });
    expect(one.targets.contacts.get(BOB)).toMatchObject({ notifications: 'disabled', muteUntil: 0 });
    transfer(one.targets.contacts, two.targets.contacts);
    const touched = new Set<SessionId>();
    applyContacts({ ...two.ctx, touched }, two.targets.contacts);
    expect(two.db.mute.get(ALICE).mutedUntil).toBe(Math.ceil(until / 1000) * 1000);
    expect(two.db.mute.get(BOB).mutedUntil).toBe(MUTED_FOREVER);
    expect([...touched].sort()).toEqual([ALICE, BOB].sort());

    // Back on device one, its own values in seconds are the same mute: nothing to change or push.
    const again = new Set<SessionId>();
    applyContacts({ ...one.ctx, touched: again }, one.targets.contacts);
    expect(again.size).toBe(0);
    expect(one.db.mute.get(ALICE).mutedUntil).toBe(until);
    collectConversations(one.ctx, one.targets, noLog);
    expect(one.targets.contacts.needsPush()).toBe(false);

    // Device two unmutes Bob: device one hears it.
    two.db.mute.setMutedUntil(BOB, null);
    collectConversations(two.ctx, two.targets, noLog);
    transfer(two.targets.contacts, one.targets.contacts);
    applyContacts(one.ctx, one.targets.contacts);
    expect(one.db.mute.get(BOB).mutedUntil).toBeNull();
    expect(one.db.mute.get(ALICE).mutedUntil).toBe(until);
  });
});
