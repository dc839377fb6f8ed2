/**
 * CLI defects a newcomer found (session 11), on one devnet with two CLI profiles:
 * `history` shows a message's files as `receive --json` does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testPng } from '../main/files/images';
import { failsWith, ok, runVeil, useCliPair } from './helpers';

const Line = z.object({ id: z.string(), body: z.string(), attachments: z.array(z.unknown()).optional() });

describe('CLI defects a newcomer found (devnet)', () => {
  const cli = useCliPair('veil-cli-newcomer-');
  const { profiles, as } = cli;

  it('history shows a photo message’s files exactly as receive --json does', async () => {
    const pair = cli.pair();
    const png = join(profiles.make(), 'photo.png');
    writeFileSync(png, testPng(32, 5));
    ok(await as(pair.ann, 'send', pair.benId, '--attach', png, '--json'));
    const received = ok(await as(pair.ben, 'receive', '--json', '--wait', '4')).map((l) =>
      Line.parse(JSON.parse(l)),
    );
    const photo = received.find((m) => m.attachments !== undefined);
    expect(photo?.body).toBe('');
    expect(photo?.attachments).toHaveLength(1);

    const history = z
      .array(Line)
      .parse(JSON.parse(ok(await as(pair.ben, 'history', pair.annId, '--json'))[0] ?? ''));
    const same = history.find((m) => m.id === photo?.id);
    expect(same?.attachments).toEqual(photo?.attachments);
    expect(same?.attachments?.[0]).toMatchObject({ fileName: 'photo.png', contentType: 'image/png' });
    // The text form names the file (after the text, which a photo alone has not), as receive's does.
    const text = ok(await as(pair.ben, 'history', pair.annId));
    expect(
      text.some((l) => l.endsWith(`${pair.annId}: [photo.png]`)),
      text.join('\n'),
    ).toBe(true);
    // The sender's history shows its own files too (its message has an id of its own).
    const mine = z
      .array(Line)
      .parse(JSON.parse(ok(await as(pair.ann, 'history', pair.benId, '--json'))[0] ?? ''));
    expect(mine.at(-1)?.attachments?.[0]).toMatchObject({ fileName: 'photo.png', contentType: 'image/png' });
  }, 180_000);

  it('an ID that is not one is refused in the app’s words, never by its internal code', async () => {
    const pair = cli.pair();
    const notHex =
      /^An Account ID has only the characters 0–9 and a–f; “n” at position 1 is not one of them\.$/;
    failsWith(await as(pair.ben, 'history', 'nope'), notHex);
    failsWith(await as(pair.ben, 'disappearing', 'nope', '--off'), notHex);
    failsWith(await as(pair.ben, 'mute', 'nope', '--for', '1h'), notHex);
    failsWith(
      await as(pair.ben, 'history', `15${'ab'.repeat(32)}`),
      /^This is a community ID \(15…\), not an Account ID: it cannot receive direct messages\.$/,
    );
    // send takes an ONS name too: a long run of hex is an ID being typed, anything else a name.
    failsWith(
      await as(pair.ben, 'send', `05${'ab'.repeat(10)}`, 'hi'),
      /^An Account ID has 66 characters; this one has 22\.$/,
    );
    failsWith(
      await as(pair.ben, 'send', 'nonsense!', 'hi'),
      /^This is neither an Account ID nor a valid ONS name: a name has 1 to 64 letters/,
    );
    // The same for a recovery phrase: `inspect` said "invalid recovery phrase (word-count)".
    failsWith(
      await runVeil(['inspect', 'message', '--phrase-stdin'], 'abbey abbey\nAAAA\n'),
      /^Your recovery password has 2 words; it needs exactly 13\.$/,
    );
  }, 120_000);

  it('send 05abc: a Session ID cut short, said so, unless someone has that ONS name', async () => {
    const pair = cli.pair();
    failsWith(
      await as(pair.ann, 'send', '05abc', 'hello'),
      /^An Account ID has 66 characters; this one has 5\.$/,
    );
    failsWith(
      await as(pair.ann, 'send', '05', 'hello'),
      /^An Account ID has 66 characters; this one has 2\.$/,
    );
    // A name that only starts with 05 is a name: its own error.
    failsWith(
      await as(pair.ann, 'send', '05ben', 'hello'),
      /^No one has the ONS name “05ben”\. Check its spelling\.$/,
    );
    // As in Session desktop, such a name is still looked up first: registered, it reaches Ben.
    pair.devnet.registerOns('05abc', pair.benId);
    expect(JSON.parse(ok(await as(pair.ann, 'send', '05ABC', 'by name', '--json'))[0] ?? '')).toHaveProperty(
      'id',
    );
  }, 180_000);

  it('group accept says it joined: one line, or one JSON object with --json', async () => {
    const pair = cli.pair();
    const create = async (name: string) =>
      z
        .object({ groupId: z.string() })
        .parse(
          JSON.parse(
            ok(await as(pair.ann, 'group', 'create', '--name', name, '--member', pair.benId, '--json'))[0] ??
              '',
          ),
        ).groupId;
    const club = await create('Book club');
    const choir = await create('Choir');
    // Ben hears of both invitations (a poll or two).
    for (let i = 0; i < 6; i++) {
      const groups = z
        .array(z.object({ groupId: z.string(), status: z.string() }))
        .parse(JSON.parse(ok(await as(pair.ben, 'groups', '--json'))[0] ?? '[]'));
      if (groups.filter((g) => g.status === 'invited').length === 2) break;
      ok(await as(pair.ben, 'receive', '--json', '--wait', '3'));
    }
    expect(ok(await as(pair.ben, 'group', 'accept', club, '--json'))).toEqual([
      JSON.stringify({ groupId: club, name: 'Book club', status: 'joined' }),
    ]);
    expect(ok(await as(pair.ben, 'group', 'accept', choir.toUpperCase()))).toEqual([
      `joined the group “Choir” (${choir})`,
    ]);
    // A group is a conversation: history reads it by its 03 ID, as receive prints its messages.
    ok(await as(pair.ann, 'send', club, 'first meeting on Monday'));
    for (let i = 0; i < 6; i++) {
      const lines = ok(await as(pair.ben, 'receive', '--json', '--wait', '3'));
      if (lines.some((l) => l.includes('first meeting on Monday'))) break;
    }
    const clubHistory = z
      .array(Line.extend({ from: z.string() }))
      .parse(JSON.parse(ok(await as(pair.ben, 'history', club, '--json'))[0] ?? ''));
    expect(clubHistory).toContainEqual(
      expect.objectContaining({ from: pair.annId, body: 'first meeting on Monday' }),
    );
  }, 240_000);
});
