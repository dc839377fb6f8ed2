/**
 * Issue #17 from the command line, between two profiles on a devnet: a reply carries its quote,
 * a reaction (and its removal) reaches the other side, delete for everyone removes the text
 * there, and mistakes exit 2 with one line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import { fromHex } from '../../../src/crypto/bytes';
import { identityFromSeed, type SessionId } from '../../../src/crypto/keys';
import { runCli } from '../../../src/main/cli/main';
import { storeToInbox } from '../../../src/main/network';
import { buildOutgoing1o1 } from '../../../src/swarm/messages';
import { capture, startCliPair, tempProfiles } from '../../cli/helpers';
import { clientOn } from '../network/helpers';

type Line = Record<string, unknown>;

describe('veil reply / react / unsend / delete on a devnet', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-actions-');
  let ann: string;
  let ben: string;
  let annId: string;
  let benId: string;
  /** Ann's id of her first message, and Ben's id of the same message. */
  let annFirst: string;
  let benFirst: string;
  let annFirstSentAt: number;

  async function veil(profile: string, ...args: string[]) {
    const c = capture();
    const code = await runCli(['--profile', profile, '--network', devnet.seedUrl, ...args], c.io);
    return { code, out: c.out, err: c.err };
  }

  /** `receive --json` until `want` lines matched (polling a few times), all lines returned. */
  async function receiveUntil(profile: string, want: (lines: Line[]) => boolean): Promise<Line[]> {
    const lines: Line[] = [];
    for (let i = 0; i < 6 && !want(lines); i++) {
      const r = await veil(profile, 'receive', '--wait', '3', '--json');
      expect(r.code).toBe(0);
      lines.push(...r.out.map((l) => JSON.parse(l) as Line));
    }
    return lines;
  }

  beforeAll(async () => {
    ({ devnet, ann, ben, annId, benId } = await startCliPair(profiles));
    const sent = await veil(ann, 'send', benId, 'Tu viens dîner samedi ?', '--json');
    expect(sent.code).toBe(0);
    const line = JSON.parse(sent.out[0]!) as { id: string; sentAt: number };
    annFirst = line.id;
    annFirstSentAt = line.sentAt;
    const got = await receiveUntil(ben, (l) => l.length > 0);
    benFirst = String(got[0]!.id);
  }, 120_000);
  afterAll(async () => {
    await devnet.stop();
    profiles.removeAll();
  });

  it('a reply carries its quote to the other side', async () => {
    const reply = await veil(ben, 'send', annId, 'Oui, avec plaisir !', '--reply-to', benFirst, '--json');
    expect(reply.code).toBe(0);
    const lines = await receiveUntil(ann, (l) => l.some((x) => x.body === 'Oui, avec plaisir !'));
    expect(lines.find((x) => x.body === 'Oui, avec plaisir !')).toEqual({
      id: expect.any(String),
      from: benId,
      body: 'Oui, avec plaisir !',
      sentAt: expect.any(Number),
      conversation: benId,
      quote: { id: annFirstSentAt, author: annId, text: 'Tu viens dîner samedi ?' },
    });
  }, 120_000);

  it('a reaction and its removal reach the other side as events', async () => {
    expect((await veil(ben, 'react', benFirst, '👍')).code).toBe(0);
    const added = await receiveUntil(ann, (l) => l.some((x) => x.kind === 'reaction'));
    expect(added.filter((x) => x.kind === 'reaction')).toEqual([
      { kind: 'reaction', messageId: annFirst, emoji: '👍', from: benId, removed: false },
    ]);
    expect((await veil(ben, 'react', benFirst, '👍', '--remove')).code).toBe(0);
    const removed = await receiveUntil(ann, (l) => l.some((x) => x.kind === 'reaction'));
    expect(removed.filter((x) => x.kind === 'reaction')).toEqual([
      { kind: 'reaction', messageId: annFirst, emoji: '👍', from: benId, removed: true },
    ]);
  }, 120_000);

  it('a forged unsend from a third party, naming Ann’s message, is ignored', async () => {
    // Carol knows the message's sent time and Ann's ID (say Ben forwarded a screenshot): she
    // signs an UnsendRequest naming Ann as the author and stores it in Ben's swarm.
    const carol = identityFromSeed(fromHex('0f1e2d3c4b5a69788796a5b4c3d2e1f0'));
    const forged = buildOutgoing1o1({
      senderIdentity: carol,
      recipientSessionId: benId as SessionId,
      content: { unsendRequest: { timestamp: annFirstSentAt, author: annId } },
      sentAt: Date.now(),
    });
    const client = clientOn(devnet);
    await client.start();
    try {
      await storeToInbox(client, { recipient: benId, data: forged.data });
    } finally {
      await client.stop();
    }
    const lines = await veil(ben, 'receive', '--wait', '4', '--json');
    expect(lines.code).toBe(0);
    expect(lines.out).toEqual([]);
    // Nothing applied: no event above, and the next test's real unsend from Ann still finds the
    // message (a deleted one would give no event there).
  }, 120_000);

  it('unsend deletes the message for everyone', async () => {
    const r = await veil(ann, 'unsend', annFirst);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
    const lines = await receiveUntil(ben, (l) => l.some((x) => x.kind === 'unsend'));
    expect(lines.filter((x) => x.kind === 'unsend')).toEqual([
      { kind: 'unsend', messageId: benFirst, from: annId },
    ]);
    const list = await veil(ben, 'conversations', '--json');
    const convo = (JSON.parse(list.out[0]!) as { sessionId: string; lastMessage: { body: string } }[]).find(
      (c) => c.sessionId === annId,
    );
    expect(JSON.stringify(convo)).not.toContain('dîner');
  }, 120_000);

  it('mistakes exit 2 with one line on stderr', async () => {
    const cases: string[][] = [
      ['react', '00000000-0000-4000-8000-000000000000', '👍'],
      ['react', benFirst, 'lol'],
      ['unsend', 'not-an-id'],
      ['delete', '00000000-0000-4000-8000-000000000000'],
      ['send', annId, 'ok', '--reply-to', '00000000-0000-4000-8000-000000000000'],
    ];
    for (const args of cases) {
      const r = await veil(ben, ...args);
      expect({ args, code: r.code, lines: r.err.length }).toEqual({ args, code: 2, lines: 1 });
    }
    // Ben cannot delete Ann's message for everyone (it is not his), nor react to a deleted one.
    const theirs = await veil(ben, 'unsend', benFirst);
    expect([theirs.code, theirs.err.length]).toEqual([2, 1]);
    const deleted = await veil(ben, 'react', benFirst, '😂');
    expect([deleted.code, deleted.err.length]).toEqual([2, 1]);
  }, 120_000);

  it('delete removes a message from this profile only', async () => {
    const r = await veil(ben, 'delete', benFirst);
    expect(r.code).toBe(0);
    const again = await veil(ben, 'delete', benFirst);
    expect(again.code).toBe(2);
  }, 60_000);
});
