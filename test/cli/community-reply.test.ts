/**
 * What the window does in communities, from the command line (session 16), on a real devnet:
 * Ben replies to Ann's post with `community send --reply-to ID` through the window's core call
 * (the Quote on the wire is Session's: the post's `posted` floored to the ms and Ann's blinded
 * ID), Ann's `community read --json` shows `replyTo` on that post only; a reply to a post that is
 * not there exits 2 with one line, in French under LANG=fr_FR.UTF-8; `search` finds community
 * posts next to messages, newest first, and prints exactly what it printed before while no room
 * is joined.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromBase64, fromHex } from '../../src/crypto/bytes';
import { unpadMessage } from '../../src/crypto/padding';
import { sodiumReady } from '../../src/crypto/sodium';
import { cliWords } from '../../src/main/cli/language';
import { runCli } from '../../src/main/cli/main';
import { en } from '../../src/shared/i18n/en';
import { fr } from '../../src/shared/i18n/fr';
import { decodeContent } from '../../src/swarm/messages';
import { SogsUser } from '../devnet/sogs-helpers';
import { capture, ok, useCliPair, type CliRun } from './helpers';

const Sent = z.object({ id: z.number(), sentAt: z.number() });
const MessageSent = z.object({ id: z.string(), sentAt: z.number() });
const Joined = z.object({ blindedId: z.string() });
const Recent = z.array(
  z.object({ id: z.number(), session_id: z.string(), posted: z.number(), data: z.string().nullish() }),
);
type Line = Record<string, unknown>;

describe('community replies and post search through the CLI (devnet)', () => {
  const cli = useCliPair('veil-cli-rooms-');
  const pair = () => cli.pair();
  const as = cli.as;
  let url = '';
  const json = (run: CliRun): Line[] => ok(run).map((l) => JSON.parse(l) as Line);
  /** `search … --json` in Ann's profile: its one line, an array. */
  const search = async (...args: string[]): Promise<Line[]> =>
    JSON.parse(ok(await as(pair().ann, 'search', ...args, '--json'))[0] ?? '') as Line[];
  /** `community read --wait 3 --json` until a post matches (at most 6 times): every post printed. */
  const readUntil = async (profile: string, match: (p: Line) => boolean): Promise<Line[]> => {
    const seen: Line[] = [];
    for (let i = 0; i < 6 && !seen.some(match); i++)
      seen.push(...json(await as(profile, 'community', 'read', url, '--wait', '3', '--json')));
    return seen;
  };

  beforeAll(async () => {
    await sodiumReady();
  });

  let message = { id: '', sentAt: 0 };
  const messageBody = 'Un café crème demain matin ?';

  it('with no room joined, `search` prints what it printed before (messages only, same bytes)', async () => {
    const { ann, benId } = pair();
    url = pair().devnet.community.joinUrl;
    message = MessageSent.parse(JSON.parse(ok(await as(ann, 'send', benId, messageBody, '--json'))[0] ?? ''));
    // The line as the message search alone printed it, keys and order included.
    const before = JSON.stringify([
      { conversation: benId, id: message.id, body: messageBody, sentAt: message.sentAt },
    ]);
    expect(ok(await as(ann, 'search', 'creme', '--json'))).toEqual([before]);
    expect(ok(await as(ann, 'search', 'creme'))).toEqual([
      `${new Date(message.sentAt).toISOString()} ${benId}: ${messageBody}`,
    ]);
  }, 120_000);

  it('Ben replies with --reply-to; Ann reads replyTo; the wire Quote is Session’s', async () => {
    const { ann, ben } = pair();
    const annBlinded = Joined.parse(
      JSON.parse(ok(await as(ann, 'community', 'join', url, '--json'))[0] ?? ''),
    ).blindedId;
    ok(await as(ben, 'community', 'join', url, '--json'));
    const annPost = Sent.parse(
      JSON.parse(
        ok(await as(ann, 'community', 'send', url, 'Rendez-vous au café à midi', '--json'))[0] ?? '',
      ),
    );
    // Ben has Ann's post once he has read it; a post without a quote has no new key.
    const benSees = await readUntil(ben, (p) => p.id === annPost.id);
    expect(Object.keys(benSees.find((p) => p.id === annPost.id) ?? {})).toEqual([
      'id',
      'from',
      'body',
      'sentAt',
    ]);
    const reply = Sent.parse(
      JSON.parse(
        ok(
          await as(ben, 'community', 'send', url, 'J’y serai', '--reply-to', String(annPost.id), '--json'),
        )[0] ?? '',
      ),
    );

    const annSees = await readUntil(ann, (p) => p.id === reply.id);
    expect(annSees.find((p) => p.id === reply.id)).toEqual({
      id: reply.id,
      from: expect.stringMatching(/^15/) as unknown,
      body: 'J’y serai',
      sentAt: reply.sentAt,
      replyTo: { id: annPost.id, author: annBlinded },
    });
    expect(annSees.filter((p) => 'replyTo' in p).map((p) => p.id)).toEqual([reply.id]);

    // Ben's own plain read: the reply and, under it, the quote's line from the catalog.
    const plain = ok(await as(ben, 'community', 'read', url));
    const at = plain.findIndex((l) => l.endsWith(': J’y serai'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(plain[at + 1]).toBe(
      en.cliRooms.quote.replace('{{author}}', 'Ann').replace('{{text}}', 'Rendez-vous au café à midi'),
    );

    // On the server: the reply's DataMessage.quote is (Ann's post's `posted` in ms, floored;
    // Ann's blinded ID), as Session desktop makes and matches it.
    const server = {
      url: pair().devnet.community.url,
      pk: fromHex(new URL(url).searchParams.get('public_key') ?? ''),
      now: () => Date.now() / 1000,
    };
    const recent = Recent.parse(
      (await new SogsUser(server, '15').call('GET', '/room/lobby/messages/recent?limit=50')).json,
    );
    const stored = (id: number) => recent.find((m) => m.id === id);
    const quoted = stored(annPost.id);
    const replied = stored(reply.id);
    if (!quoted || !replied?.data) throw new Error('the posts are not on the server');
    const content = decodeContent(unpadMessage(fromBase64(replied.data)));
    if (!content.ok) throw new Error('the reply does not decode');
    expect(content.value.dataMessage?.quote).toMatchObject({
      id: Math.floor(quoted.posted * 1000),
      author: annBlinded,
    });
    expect(quoted.session_id).toBe(annBlinded);
  }, 240_000);

  it('a reply to a post that is not there exits 2 with one line, in French under LANG=fr_FR', async () => {
    const { ben, devnet } = pair();
    const english = await as(ben, 'community', 'send', url, 'dans le vide', '--reply-to', '999999');
    expect(english).toEqual({
      code: 2,
      out: [],
      err: [en.cliRooms.replyToUnknown.replace('{{id}}', '999999')],
    });
    const words = cliWords({ LANG: 'fr_FR.UTF-8' });
    const c = capture('', words);
    const code = await runCli(
      [
        '--profile',
        ben,
        '--network',
        devnet.seedUrl,
        'community',
        'send',
        url,
        'dans le vide',
        '--reply-to',
        '999999',
      ],
      c.io,
    );
    expect(code).toBe(2);
    expect(c.out).toEqual([]);
    expect(c.err).toEqual([fr.cliRooms.replyToUnknown.replace('{{id}}', '999999')]);
  }, 120_000);

  it('`search` finds a post by an accent-folded word and a message, newest first', async () => {
    const { ann, benId } = pair();
    const found = await search('cafe');
    // The room post (newer) first, with "community": true; the message as before, no new key.
    expect(found).toEqual([
      {
        conversation: 'lobby',
        id: expect.any(Number) as unknown,
        body: 'Rendez-vous au café à midi',
        sentAt: expect.any(Number) as unknown,
        community: true,
      },
      { conversation: benId, id: message.id, body: messageBody, sentAt: message.sentAt },
    ]);
    expect(Number(found[0]?.sentAt)).toBeGreaterThan(message.sentAt);
    // --limit counts both: the newest only.
    expect(await search('cafe', '--limit', '1')).toEqual([found[0]]);
    const plain = ok(await as(ann, 'search', 'cafe'));
    expect(plain[0]).toMatch(/ lobby \(community\): Rendez-vous au café à midi$/);
    expect(plain[1]).toBe(`${new Date(message.sentAt).toISOString()} ${benId}: ${messageBody}`);
  }, 120_000);
});
