/**
 * Issue 21 item 1 from the command line, on a real devnet: names registered through the devnet's
 * control API (`POST /ons`), looked up with `veil resolve` (three nodes must agree), and `send`
 * taking a name in place of a Session ID. Unknown, malformed and unreachable each fail with exit
 * status 2 and one line of their own on stderr.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sodiumReady } from '../../src/crypto/sodium';
import { startDevnet, type Devnet } from '../../devnet/index';
import { VeilCore } from '../../src/main/core/core';
import { en } from '../../src/shared/i18n/en';
import { failsWith, ok, tempProfiles, veilOn } from './helpers';

const Created = z.object({ sessionId: z.string() });

/** The app's sentence (the catalog's `reasons.ons`), as the whole line. */
const whole = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
const unknown = (name: string) => whole(en.reasons.ons.unknown.replace('{{name}}', name));

describe('ONS names through the CLI (devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-ons-');
  let ann = '';
  let ben = '';
  let annId = '';
  let benId = '';
  const as = veilOn(() => devnet);

  beforeAll(async () => {
    await sodiumReady();
    devnet = await startDevnet({ nodes: 12 });
    ann = profiles.make();
    ben = profiles.make();
    annId = Created.parse(
      JSON.parse(ok(await as(ann, 'account', 'create', '--name', 'Ann', '--json'))[0] ?? ''),
    ).sessionId;
    benId = Created.parse(
      JSON.parse(ok(await as(ben, 'account', 'create', '--name', 'Ben', '--json'))[0] ?? ''),
    ).sessionId;
    const r = await fetch(new URL('ons', devnet.controlUrl), {
      method: 'POST',
      body: JSON.stringify({ name: 'Ben_Lefevre', sessionId: benId }),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ name: 'ben_lefevre' });
  }, 120_000);
  afterAll(async () => {
    await devnet.stop();
    profiles.removeAll();
  });

  it('the control API refuses a malformed name or ID', async () => {
    for (const body of [
      { name: '-ben', sessionId: benId },
      { name: 'ben', sessionId: '05abc' },
      { name: 'ben' },
    ]) {
      const r = await fetch(new URL('ons', devnet.controlUrl), {
        method: 'POST',
        body: JSON.stringify(body),
      });
      expect(r.status).toBe(400);
    }
  });

  it('resolves a registered name, in any case, to exactly {"name","sessionId"}', async () => {
    const out = ok(await as(ann, 'resolve', 'BEN_lefevre', '--json'));
    expect(out).toEqual([JSON.stringify({ name: 'ben_lefevre', sessionId: benId })]);
    expect(ok(await as(ann, 'resolve', 'ben_lefevre'))).toEqual([benId]);
  }, 60_000);

  it('needs no account to resolve a name', async () => {
    const empty = profiles.make();
    expect(ok(await as(empty, 'resolve', 'ben_lefevre', '--json'))).toEqual([
      JSON.stringify({ name: 'ben_lefevre', sessionId: benId }),
    ]);
  }, 60_000);

  it('an unknown name: exit 2, one line, the app’s sentence', async () => {
    failsWith(await as(ann, 'resolve', 'nobody_here', '--json'), unknown('nobody_here'));
  }, 60_000);

  it.each(['-ben', 'ben smith', 'bén', 'a'.repeat(65)])(
    'a malformed name %j: exit 2, one line',
    async (bad) => {
      // `--` so that a leading '-' is not read as an option.
      failsWith(await as(ann, 'resolve', '--json', '--', bad), whole(en.reasons.ons.invalid));
    },
  );

  it('a network that cannot answer: exit 2, one line of its own', async () => {
    const all = devnet.nodes().map((n) => n.index);
    for (const i of all) devnet.setFaults(i, { drop: 1 });
    try {
      failsWith(
        await as(ann, 'resolve', 'ben_lefevre', '--json', '--timeout', '3'),
        whole(en.reasons.ons.network),
      );
    } finally {
      devnet.clearFaults();
    }
  }, 60_000);

  it('send takes a name in place of the Session ID', async () => {
    const sent = ok(await as(ann, 'send', 'Ben_Lefevre', 'Salut Ben, c’est Ann !', '--json'));
    expect(sent).toHaveLength(1);
    const got = ok(await as(ben, 'receive', '--wait', '4', '--json')).map(
      (l) => JSON.parse(l) as { from: string; body: string },
    );
    expect(got).toContainEqual(expect.objectContaining({ from: annId, body: 'Salut Ben, c’est Ann !' }));
    failsWith(await as(ann, 'send', 'nobody_here', 'hello'), unknown('nobody_here'));
  }, 120_000);

  it('a community invitation sent by name arrives as one (name and URL), not as plain text', async () => {
    const url = `https://chat.example.invalid/veil-fr?public_key=${'a1'.repeat(32)}`;
    failsWith(
      await as(ann, 'invite', 'ben_lefevre', '--name', 'Veil FR', '--url', 'https://x.invalid/r'),
      /^Not a community invitation/,
    );
    ok(await as(ann, 'invite', 'ben_lefevre', '--name', '  Veil FR  ', '--url', url, '--json'));
    const got = ok(await as(ben, 'receive', '--wait', '4', '--json')).map(
      (l) => JSON.parse(l) as { id: string; from: string; body: string },
    );
    const line = got.find((m) => m.from === annId && m.body === url);
    expect(line).toBeDefined();
    // What the app shows: the message carries the invitation (the card), its body the URL.
    const core = await VeilCore.open({ profileDir: ben, host: 'browser', network: 'devnet' });
    try {
      const page = await core.dispatcher.dispatch('messages.page', {
        conversationId: annId,
        before: null,
        limit: 50,
      });
      if (!page.ok) throw new Error(page.error.message);
      const messages = page.value as { id: string; invitation?: { name: string; url: string } }[];
      expect(messages.find((m) => m.id === line?.id)?.invitation).toEqual({ name: 'Veil FR', url });
    } finally {
      await core.close();
    }
  }, 120_000);
});
