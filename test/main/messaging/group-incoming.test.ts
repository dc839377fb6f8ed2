/**
 * A group's decrypted messages in its conversation (issue #18 item 4): text, replies, our own
 * copies, reactions, and what an attacker in the group may try (deleting or reacting to messages
 * outside the group, deleting someone else's message without an admin's signature).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionId } from '../../../src/crypto/keys';
import type { VeilDatabase } from '../../../src/main/db';
import type { MessagingDeps } from '../../../src/main/messaging/deps';
import { processGroupIncoming, type GroupDelivery } from '../../../src/main/messaging/group-incoming';
import { ALICE, BOB, ME, freshDb, incoming, removeTempDirs } from '../db/helpers';

afterEach(removeTempDirs);

const GROUP = `03${'d'.repeat(64)}` as SessionId;
const OTHER = `03${'e'.repeat(64)}` as SessionId;

function setup(): { db: VeilDatabase; deps: MessagingDeps; logs: string[] } {
  const { db } = freshDb();
  for (const id of [GROUP, OTHER]) {
    db.groups.insert({ groupId: id, name: 'G', status: 'joined', joinedAt: 1 }, 1);
    db.conversations.ensureConversation({ id, type: 'group', approved: true }, 1);
  }
  const logs: string[] = [];
  // The group path reads only the database, our identity and the log.
  const deps = {
    db,
    identity: () => ({ sessionId: ME }),
    log: (l: string) => logs.push(l),
  } as unknown as MessagingDeps;
  return { db, deps, logs };
}

let n = 0;
const said = (
  sender: SessionId,
  sentAt: number,
  body: string,
  extra: Partial<GroupDelivery> = {},
): GroupDelivery => ({
  hash: `h${(n++).toString(36)}`,
  sender,
  sentAt,
  content: { dataMessage: { body } },
  ...extra,
});

describe('group messages into the group conversation', () => {
  it('stores theirs unread with the author as sender, ours as sent, a copy once', () => {
    const { db, deps } = setup();
    const a = said(ALICE, 100, 'hello @' + ME);
    const changes = processGroupIncoming(deps, GROUP, [a, { ...a, hash: 'other' }, said(ME, 101, 'mine')], 5);
    expect(changes.stored.get(GROUP)).toHaveLength(2);
    const page = db.messages.pageMessages(GROUP, undefined, 10).reverse();
    expect(page.map((m) => [m.sender, m.direction, m.status, m.body])).toEqual([
      [ALICE, 'in', 'unread', `hello @${ME}`],
      [ME, 'out', 'sent', 'mine'],
    ]);
    expect(db.conversations.getConversation(GROUP)?.unreadCount).toBe(1);
  });

  it('keeps a reply’s quote and applies a reaction only to a message of this group', () => {
    const { db, deps } = setup();
    processGroupIncoming(deps, GROUP, [said(ALICE, 100, 'first')], 5);
    // A message of the other group, and a 1-to-1 one, by the same author.
    processGroupIncoming(deps, OTHER, [said(ALICE, 200, 'elsewhere')], 5);
    db.messages.insertIncoming(incoming({ sentAt: 300 }));
    const reply = said(BOB, 110, 'indeed', {
      content: { dataMessage: { body: 'indeed', quote: { id: 100, author: ALICE, text: 'first' } } },
    });
    const react = (id: number): GroupDelivery =>
      said(BOB, 120 + id, '', {
        content: { dataMessage: { reaction: { id, author: ALICE, emoji: '👍', action: 'REACT' } } },
      });
    const changes = processGroupIncoming(deps, GROUP, [reply, react(100), react(200), react(300)], 5);
    expect(changes.actions).toEqual([
      expect.objectContaining({ kind: 'reaction', conversationId: GROUP, from: BOB }),
    ]);
    const stored = db.messages.pageMessages(GROUP, undefined, 10);
    expect(stored.find((m) => m.body === 'indeed')?.quote).toMatchObject({ id: 100, author: ALICE });
  });

  it('deletes for everyone only the author’s own message of this group', () => {
    const { db, deps, logs } = setup();
    const alice = said(ALICE, 100, 'mine to take back');
    const bob = said(BOB, 101, 'not yours');
    processGroupIncoming(deps, GROUP, [alice, bob], 5);
    const other = said(ALICE, 102, 'other group');
    processGroupIncoming(deps, OTHER, [other], 5);
    const del = (by: SessionId, hashes: string[]) => said(by, 150, '', { deleteOwn: hashes });
    const changes = processGroupIncoming(deps, GROUP, [del(ALICE, [bob.hash, other.hash, alice.hash])], 6);
    expect(changes.actions).toEqual([expect.objectContaining({ kind: 'unsend', from: ALICE })]);
    const page = db.messages.pageMessages(GROUP, undefined, 10);
    expect(page.find((m) => m.sender === ALICE)?.deletedAt).toBe(6);
    expect(page.find((m) => m.sender === BOB)?.deletedAt).toBeNull();
    expect(db.messages.pageMessages(OTHER, undefined, 10)[0]?.deletedAt).toBeNull();
    expect(logs.some((l) => l.includes('did not write'))).toBe(true);
    // An UnsendRequest naming someone else as author is forged: ignored.
    const forged = said(ALICE, 160, '', { content: { unsendRequest: { timestamp: 101, author: BOB } } });
    expect(processGroupIncoming(deps, GROUP, [forged], 7).actions).toEqual([]);
  });

  it('drops a body over the limit and a malformed hash', () => {
    const { deps } = setup();
    const changes = processGroupIncoming(
      deps,
      GROUP,
      [said(ALICE, 1, 'x'.repeat(10_001)), { ...said(ALICE, 2, 'ok'), hash: 'bad hash with spaces' }],
      5,
    );
    expect(changes.dropped).toBe(2);
    expect(changes.stored.size).toBe(0);
  });
});
