/**
 * A domain event's two readers (the windows' projection and the notifier) share one read of its
 * messages' views within the turn the event is emitted in, and only there.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionId } from '../../../src/crypto/keys';
import { isMessageHash, newMessageId, openDatabase, type VeilDatabase } from '../../../src/main/db';
import { MessageViews } from '../../../src/main/messaging/message-views';
import { saveInvitation } from '../../../src/main/messaging/community-invitation';
import { twoIdentities } from './helpers';

let dir: string;
let db: VeilDatabase;
let views: MessageViews;
let peer: SessionId;
let other: SessionId;

beforeAll(async () => {
  const [me, them] = await twoIdentities();
  peer = them.sessionId;
  other = me.sessionId;
  dir = mkdtempSync(join(tmpdir(), 'veil-views-'));
  db = openDatabase(join(dir, 'veil.db'), new Uint8Array(randomBytes(32)));
  views = new MessageViews({ db, identity: () => me });
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let received = 0;
function receive(body: string, from: SessionId = peer) {
  const id = newMessageId();
  // Distinct sent times: (sender, sent time) is a message's identity.
  const now = Date.now() + received++;
  const hash = randomBytes(32).toString('base64url');
  if (!isMessageHash(hash)) throw new Error('not a hash');
  db.messages.insertIncoming({
    id,
    conversationId: from,
    sender: from,
    body,
    sentAt: now,
    receivedAt: now,
    hash,
  });
  return id;
}

describe('message views of one event', () => {
  it('are read once per turn for the same ids, and afresh after it', async () => {
    const id = receive('bonjour');
    const ids = [id];
    const emojis = (list: readonly { reactions: readonly { emoji: string }[] }[]) =>
      list.map((m) => m.reactions.map((r) => r.emoji));
    const first = views.byIds(peer, ids);
    expect(emojis(first)).toEqual([[]]);
    db.reactions.apply({ messageId: id, reactor: peer, emoji: '👍', at: Date.now(), removed: false });
    // The same event's second reader, in the same turn: the first read's views, as a copy.
    const second = views.byIds(peer, ids);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    // Another list of the same ids is another question: read now.
    expect(emojis(views.byIds(peer, [...ids]))).toEqual([['👍']]);
    await Promise.resolve();
    // Next turn: nothing kept.
    expect(emojis(views.byIds(peer, ids))).toEqual([['👍']]);
  });
});

describe('message views of several ids', () => {
  it('read them in one statement, in the order asked, without unknown or foreign ones', async () => {
    await Promise.resolve();
    const [a, b, c] = [receive('un'), receive('deux'), receive('trois')];
    const foreign = receive('ailleurs', other);
    const reads = vi.spyOn(db.messages, 'getMessage');
    try {
      const got = views.byIds(peer, [c, 'not-an-id', a, foreign, newMessageId(), b]);
      expect(got.map((m) => m.body)).toEqual(['trois', 'un', 'deux']);
      // One by one, a batch of acceptances announced as sent was a statement per message.
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
    await Promise.resolve();
    // The same messages read singly give the same views.
    expect(views.byIds(peer, [c, a, b])).toEqual([
      ...views.byIds(peer, [c]),
      ...views.byIds(peer, [a]),
      ...views.byIds(peer, [b]),
    ]);
  });
});

describe('message views with community invitations', () => {
  it('look every invitation up in one read, each on its own message', async () => {
    await Promise.resolve();
    const [a, b, c] = [receive('invitation'), receive('texte'), receive('autre invitation')];
    const url = (n: string) => `https://open.getsession.org/${n}?public_key=${'ab'.repeat(32)}`;
    saveInvitation(db, a, { name: 'Une', url: url('une') });
    saveInvitation(db, c, { name: 'Deux', url: url('deux') });
    const single = vi.spyOn(db.kv, 'get');
    const many = vi.spyOn(db.kv, 'getMany');
    try {
      const got = views.byIds(peer, [a, b, c]);
      expect(got.map((m) => m.invitation?.name)).toEqual(['Une', undefined, 'Deux']);
      // One key read per message was a statement per message of a page or a change.
      expect(single).not.toHaveBeenCalled();
      expect(many).toHaveBeenCalledTimes(1);
    } finally {
      single.mockRestore();
      many.mockRestore();
    }
  });
});
