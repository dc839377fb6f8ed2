/**
 * Config sync follows the domain bus by ids (issue #15 items 2 and 7): a local change writes the
 * conversations it names into the configs, never rescanning them all, and what config sync wrote
 * itself does not come back to it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Identity } from '../../../src/crypto/keys';
import { Contacts } from '../../../src/swarm/config';
import type { DomainEvent } from '../../../src/main/domain/events';
import { ALICE, BOB, removeTempDirs } from '../db/helpers';
import { newIdentity, offlineConfigSync } from './offline-sync';

const NOW = 1_700_000_100_000;
let me: Identity;

beforeAll(async () => {
  me = await newIdentity();
});
afterAll(removeTempDirs);

const offlineSync = () => offlineConfigSync(me);

describe('config sync on the domain bus', () => {
  it('collects the conversations an event names, without listing every conversation', () => {
    const { db, bus, sync } = offlineSync();
    db.conversations.ensureConversation({ id: ALICE, type: 'private', approved: true }, NOW);
    db.conversations.ensureConversation({ id: BOB, type: 'private', approved: true }, NOW);
    db.conversations.updateConversation(ALICE, { nickname: 'Ali' }, NOW);
    const list = vi.spyOn(db.conversations, 'listConversations');
    bus.emit({ type: 'contact.changed', ids: [ALICE], source: 'local' });
    bus.emit({ type: 'contact.changed', ids: [ALICE], source: 'local' });
    // Collected together a moment later (a burst changes one conversation many times).
    expect(sync.configs.contacts.get(ALICE)).toBeUndefined();
    sync.flushLocalChanges();
    expect(list).not.toHaveBeenCalled();
    expect(sync.configs.contacts.get(ALICE)?.nickname).toBe('Ali');
    // Bob changed without an event naming him: not collected yet.
    expect(sync.configs.contacts.get(BOB)).toBeUndefined();
    bus.emit({ type: 'conversations.changed', ids: [BOB], source: 'incoming' });
    sync.flushLocalChanges();
    expect(sync.configs.contacts.get(BOB)).toBeDefined();

    // A conversation deleted here leaves the configs when its id comes by.
    db.conversations.deleteConversation(ALICE);
    bus.emit({ type: 'conversations.changed', ids: [ALICE], source: 'local' });
    sync.flushLocalChanges();
    expect(sync.configs.contacts.get(ALICE)).toBeUndefined();
    expect(list).not.toHaveBeenCalled();
    void sync.close();
    db.close();
  });

  it('ignores what it announced itself, and announces what a merge changed with its own source', () => {
    const { db, bus, sync } = offlineSync();
    db.conversations.ensureConversation({ id: ALICE, type: 'private', approved: true }, NOW);
    db.conversations.updateConversation(ALICE, { nickname: 'Ali' }, NOW);
    bus.emit({ type: 'conversations.changed', ids: [ALICE], source: 'config-sync' });
    sync.flushLocalChanges();
    expect(sync.configs.contacts.get(ALICE)).toBeUndefined();

    const seen: DomainEvent[] = [];
    bus.subscribeAll((e) => seen.push(e));
    // Another device of ours blocked Bob: merged here, Bob's conversation created and announced.
    const other = Contacts.create(me.ed25519SecretKey);
    other.update(BOB, { approved: false, blocked: true });
    const pushed = other.push();
    sync.handleBatch(new Map([[3, [{ hash: 'h-contacts-1', data: pushed.data }]]]));
    expect(db.conversations.getConversation(BOB)?.blocked).toBe(true);
    expect(seen).toContainEqual({ type: 'conversations.changed', ids: [BOB], source: 'config-sync' });
    expect(seen.some((e) => e.type === 'config.merged')).toBe(true);
    void sync.close();
    db.close();
  });
});
