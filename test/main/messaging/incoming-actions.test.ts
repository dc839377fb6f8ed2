/**
 * Quotes, reactions and unsends as they arrive, fed to `processIncoming` as real encrypted
 * messages: an unsend is applied only from the author of the message it names (a third party's
 * forged one is ignored), reactions stay in one conversation and a late older one never wins.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fromHex } from '../../../src/crypto/bytes';
import { identityFromSeed, type Identity } from '../../../src/crypto/keys';
import { processIncoming, type Polled } from '../../../src/main/messaging/incoming';
import { buildOutgoing1o1, buildSyncCopy1o1, type ContentMessage } from '../../../src/swarm/messages';
import { freshDb, removeTempDirs } from '../db/helpers';
import { receiveOnlyDeps, twoIdentities } from './helpers';

let alice: Identity;
let bob: Identity;
let carol: Identity;
const T = 1_754_971_101_000;

beforeAll(async () => {
  [alice, bob] = await twoIdentities();
  carol = identityFromSeed(fromHex('ffeeddccbbaa99887766554433221100'));
});
afterEach(removeTempDirs);

let n = 0;
function from(sender: Identity, content: ContentMessage, sentAt: number, to: Identity = bob): Polled {
  const out = buildOutgoing1o1({ senderIdentity: sender, recipientSessionId: to.sessionId, content, sentAt });
  return { hash: `h${n++}`, data: out.data, timestamp: sentAt, expiration: undefined };
}

function setup() {
  const { db } = freshDb();
  const logs: string[] = [];
  return { db, logs, deps: receiveOnlyDeps(db, bob, T, logs) };
}

describe('incoming message actions', () => {
  it('stores a reply’s quote and falls back to its text when the original is not here', () => {
    const { db, deps } = setup();
    processIncoming(deps, [from(alice, { dataMessage: { body: 'Pizza ?' } }, T)], T);
    processIncoming(
      deps,
      [
        from(alice, { dataMessage: { body: 'alors ?', quote: { id: T, author: alice.sessionId } } }, T + 1),
        from(
          alice,
          { dataMessage: { body: 'et ça', quote: { id: T - 99, author: bob.sessionId, text: 'ancien' } } },
          T + 2,
        ),
      ],
      T + 5,
    );
    const [third, second] = db.messages.pageMessages(alice.sessionId, undefined, 10);
    expect(second?.quote).toEqual({ id: T, author: alice.sessionId, text: null, attachment: null });
    expect(third?.quote).toEqual({ id: T - 99, author: bob.sessionId, text: 'ancien', attachment: null });
    db.close();
  });

  it('ignores an unsend from someone who is not the message’s author (forged), applies the author’s', () => {
    const { db, deps, logs } = setup();
    processIncoming(deps, [from(alice, { dataMessage: { body: 'secret de Alice' } }, T)], T);
    const [original] = db.messages.pageMessages(alice.sessionId, undefined, 1);
    // Carol names Alice as the author: the envelope says Carol, so it is refused.
    const forged = processIncoming(
      deps,
      [from(carol, { unsendRequest: { timestamp: T, author: alice.sessionId } }, T + 10)],
      T + 10,
    );
    expect(forged.actions).toEqual([]);
    expect(logs).toContain('ignored an unsend for a message its sender did not write');
    expect(db.messages.getMessage(original!.id)).toMatchObject({ body: 'secret de Alice', deletedAt: null });
    // Carol naming herself finds nothing of Alice's either.
    processIncoming(
      deps,
      [from(carol, { unsendRequest: { timestamp: T, author: carol.sessionId } }, T + 11)],
      T + 11,
    );
    expect(db.messages.getMessage(original!.id)?.deletedAt).toBeNull();
    expect(db.search('secret').map((h) => h.messageId)).toEqual([original!.id]);

    const real = processIncoming(
      deps,
      [from(alice, { unsendRequest: { timestamp: T, author: alice.sessionId } }, T + 20)],
      T + 20,
    );
    expect(real.actions).toEqual([
      { kind: 'unsend', conversationId: alice.sessionId, messageId: original!.id, from: alice.sessionId },
    ]);
    expect(db.messages.getMessage(original!.id)).toMatchObject({ body: '', deletedAt: T + 20 });
    expect(db.search('secret')).toEqual([]);
    db.close();
  });

  it('applies reactions by the envelope sender, newest wins, never in another conversation', () => {
    const { db, deps } = setup();
    processIncoming(deps, [from(alice, { dataMessage: { body: 'photo' } }, T)], T);
    processIncoming(deps, [from(carol, { dataMessage: { body: 'autre' } }, T + 1)], T + 1);
    const [photo] = db.messages.pageMessages(alice.sessionId, undefined, 1);
    const react = (who: Identity, action: 'REACT' | 'REMOVE', at: number) =>
      from(who, { dataMessage: { reaction: { id: T, author: alice.sessionId, emoji: '🔥', action } } }, at);

    const first = processIncoming(deps, [react(alice, 'REACT', T + 10)], T + 10);
    expect(first.actions).toEqual([
      {
        kind: 'reaction',
        conversationId: alice.sessionId,
        messageId: photo!.id,
        emoji: '🔥',
        from: alice.sessionId,
        removed: false,
      },
    ]);
    // Carol reacting to Alice's message from her own conversation: not applied.
    expect(processIncoming(deps, [react(carol, 'REACT', T + 11)], T + 11).actions).toEqual([]);
    // A removal, then the older REACT arriving late: the removal stands.
    expect(processIncoming(deps, [react(alice, 'REMOVE', T + 30)], T + 30).actions).toHaveLength(1);
    expect(processIncoming(deps, [react(alice, 'REACT', T + 20)], T + 20).actions).toEqual([]);
    expect(db.reactions.forMessages([photo!.id]).get(photo!.id)).toBeUndefined();
    // Not an emoji: ignored.
    const word = from(
      alice,
      { dataMessage: { reaction: { id: T, author: alice.sessionId, emoji: 'lol', action: 'REACT' } } },
      T + 40,
    );
    expect(processIncoming(deps, [word], T + 40).actions).toEqual([]);
    db.close();
  });

  it('applies our other device’s reaction (sync copy) and removes an unsent Note to Self message', () => {
    const { db, deps } = setup();
    processIncoming(deps, [from(alice, { dataMessage: { body: 'coucou' } }, T)], T);
    const [hello] = db.messages.pageMessages(alice.sessionId, undefined, 1);
    const syncReaction = buildSyncCopy1o1({
      senderIdentity: bob,
      ourSessionId: bob.sessionId,
      recipientSessionId: alice.sessionId,
      content: {
        dataMessage: { reaction: { id: T, author: alice.sessionId, emoji: '👍\uFE0F', action: 'REACT' } },
      },
      sentAt: T + 5,
    });
    processIncoming(
      deps,
      [{ hash: 'hs1', data: syncReaction.data, timestamp: T + 5, expiration: undefined }],
      T + 5,
    );
    expect(db.reactions.forMessages([hello!.id]).get(hello!.id)).toEqual([
      { emoji: '👍', reactors: [bob.sessionId] },
    ]);

    // A Note to Self message from our other device, then its unsend: gone completely.
    const note = buildSyncCopy1o1({
      senderIdentity: bob,
      ourSessionId: bob.sessionId,
      recipientSessionId: bob.sessionId,
      content: { dataMessage: { body: 'liste de courses' } },
      sentAt: T + 6,
    });
    processIncoming(deps, [{ hash: 'hs2', data: note.data, timestamp: T + 6, expiration: undefined }], T + 6);
    expect(db.messages.pageMessages(bob.sessionId, undefined, 5)).toHaveLength(1);
    const changes = processIncoming(
      deps,
      [from(bob, { unsendRequest: { timestamp: T + 6, author: bob.sessionId } }, T + 7)],
      T + 7,
    );
    expect([...changes.removed.values()].flat()).toHaveLength(1);
    expect(db.messages.pageMessages(bob.sessionId, undefined, 5)).toEqual([]);
    expect(db.search('courses')).toEqual([]);
    db.close();
  });
});
