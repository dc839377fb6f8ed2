/**
 * Issue #19 leftovers on a real devnet, through the CLI: `blocksCommunityMessageRequests`
 * (DataMessage 106) on our posts from the Settings toggle, and a poster who set it refused by
 * `send … --community` (exit 2, one line); a `25…` sender's DM received and answered (sealed
 * between the two 25 IDs, posted as our 25 identity); what an attacker sends to our 25 inbox (a
 * DM whose sealed key is not the sender's, a 15 ID in a 25 inbox) never shown.
 *
 * The other community users are test-side SOGS clients (test/devnet/sogs-helpers.ts) speaking
 * HTTP to the devnet server directly, with keys of their own.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../devnet/index';
import { concatBytes, fromBase64, fromHex, toBase64 } from '../../src/crypto/bytes';
import { decryptBlindedDm, encryptBlindedDm } from '../../src/crypto/blinded-dm';
import {
  asServerPublicKey,
  blind25Id,
  blind25KeyPair,
  blinded25IdOf,
  type Blinded25Id,
  type ServerPublicKey,
} from '../../src/crypto/blinding';
import { asEd25519SecretKey, type Ed25519SecretKey, type SessionId } from '../../src/crypto/keys';
import { unpadMessage } from '../../src/crypto/padding';
import { sodium, sodiumReady } from '../../src/crypto/sodium';
import { contentBytes, decodeContentBody } from '../../src/main/communities/post-codec';
import { decodeContent } from '../../src/swarm/messages';
import { SogsUser } from '../devnet/sogs-helpers';
import { openCliSession } from '../../src/main/cli/core-session';
import { ok, tempProfiles, veilOn } from './helpers';
import { en } from '../../src/shared/i18n/en';

const Created = z.object({ sessionId: z.string() });
const Dm = z.object({ from: z.string(), body: z.string(), community: z.string() });
const Box = z.array(
  z.object({ id: z.number(), sender: z.string(), recipient: z.string(), message: z.string() }),
);
const Recent = z.array(z.object({ session_id: z.string(), data: z.string().nullish() }));

describe('community DMs: requests off, 25-blinded senders (devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-community-dm-');
  let ann = '';
  let annId = '' as SessionId;
  let url = '';
  let server: { url: string; pk: Uint8Array; now: () => number };
  let spk: ServerPublicKey;
  const as = veilOn(() => devnet);
  /** The toggle changed through the app's own call, then pushed to our swarm before closing. */
  const setCommunityRequests = async (profile: string, value: boolean) => {
    const s = await openCliSession(en, profile, devnet.seedUrl);
    try {
      const r = await s.core.dispatch('settings.update', { communityMessageRequests: value });
      expect(r.ok).toBe(true);
      await s.session.configSync.syncOnce();
    } finally {
      await s.close();
    }
  };
  const dmsOf = async (profile: string, wait: number) =>
    ok(await as(profile, 'receive', '--wait', String(wait), '--json'))
      .map((l) => Dm.safeParse(JSON.parse(l)))
      .flatMap((p) => (p.success ? [p.data] : []));

  beforeAll(async () => {
    await sodiumReady();
    devnet = await startDevnet({ nodes: 12 });
    url = devnet.community.joinUrl;
    const pk = fromHex(new URL(url).searchParams.get('public_key') ?? '');
    server = { url: devnet.community.url, pk, now: () => Date.now() / 1000 };
    spk = asServerPublicKey(pk);
    ann = profiles.make();
    annId = Created.parse(
      JSON.parse(ok(await as(ann, 'account', 'create', '--name', 'Ann', '--json'))[0] ?? ''),
    ).sessionId as SessionId;
    ok(await as(ann, 'community', 'join', url, '--json'));
  }, 120_000);
  afterAll(async () => {
    await devnet.stop();
    profiles.removeAll();
  });

  it('our posts carry 106 from the Settings toggle; a poster who set it is refused with one line', async () => {
    const reader = new SogsUser(server, '15');
    const flagOf = async (body: string) => {
      const recent = Recent.parse((await reader.call('GET', '/room/lobby/messages/recent?limit=50')).json);
      for (const m of recent) {
        if (!m.data) continue;
        const content = decodeContent(unpadMessage(fromBase64(m.data)));
        if (content.ok && content.value.dataMessage?.body === body)
          return content.value.dataMessage.blocksCommunityMessageRequests;
      }
      throw new Error(`post ${body} not found`);
    };
    ok(await as(ann, 'community', 'send', url, 'requests welcome'));
    expect(await flagOf('requests welcome')).toBe(false);
    // "Message requests from communities" off, as the Settings toggle does it: the setting, and
    // UserProfile `M` pushed to the account's swarm. (Editing settings.json alone is undone by
    // config sync, which applies the swarm's `M` = 1 on the next start, as Session's devices do.)
    await setCommunityRequests(ann, false);
    ok(await as(ann, 'community', 'send', url, 'no requests please'));
    expect(await flagOf('no requests please')).toBe(true);
    await setCommunityRequests(ann, true);

    // Dora posts with the flag (a real Session Content, signed with her 15 key).
    const dora = new SogsUser(server, '15');
    const padded = contentBytes('I take no requests', 'Dora', true);
    expect(
      (
        await dora.call('POST', '/room/lobby/message', {
          json: { data: toBase64(padded), signature: toBase64(dora.sign(padded)) },
        })
      ).status,
    ).toBe(201);
    // Eve forges a post "from Dora" without the flag: the server refuses the bad signature, and
    // Eve's own flag-less post says nothing about Dora.
    const eve = new SogsUser(server, '15');
    const plain = contentBytes('hi', 'Eve', false);
    await eve.call('POST', '/room/lobby/message', {
      json: { data: toBase64(plain), signature: toBase64(eve.sign(plain)) },
    });
    ok(await as(ann, 'community', 'read', url, '--json'));
    const refused = await as(ann, 'send', dora.id, 'hello Dora', '--community', url);
    expect(refused.code).toBe(2);
    expect(refused.out).toEqual([]);
    expect(refused.err).toHaveLength(1);
    expect(refused.err[0]).toMatch(/message requests from communities turned off/);
    // Eve takes requests: she can be written to.
    ok(await as(ann, 'send', eve.id, 'hello Eve', '--community', url));
    // Nothing reached Dora's inbox.
    expect(Box.parse((await dora.call('GET', '/inbox')).json)).toEqual([]);
  }, 240_000);

  it('a 25-blinded sender’s DM is received and answered between the two 25 IDs', async () => {
    // Ann's 25 identity exists on the server once her client has asked its 25 boxes.
    await dmsOf(ann, 2);
    const ann25 = blind25Id(annId, spk) as Blinded25Id;
    const zoe = new SogsUser(server, '25');
    const zoeSk = asEd25519SecretKey(zoe.edSec);
    expect(zoe.id).toBe(blinded25IdOf(blind25KeyPair(zoeSk, spk)));
    const sealed = encryptBlindedDm(
      zoeSk,
      spk,
      ann25,
      contentBytes('Bonjour depuis 25', 'Zoé'),
      new Uint8Array(randomBytes(24)),
    );
    const sent = await zoe.call('POST', `/inbox/${ann25}`, { json: { message: toBase64(sealed!) } });
    expect(sent.status).toBe(201);
    const got = await dmsOf(ann, 25);
    expect(got).toContainEqual({ from: zoe.id, body: 'Bonjour depuis 25', community: url });

    ok(await as(ann, 'send', zoe.id, 'Bien reçu', '--community', url));
    const inbox = Box.parse((await zoe.call('GET', '/inbox')).json);
    expect(inbox).toHaveLength(1);
    // Filed under Ann's 25 ID (she signed as it), and sealed for Zoe's 25 key.
    expect(inbox[0]?.sender).toBe(ann25);
    const opened = decryptBlindedDm(zoeSk, spk, fromBase64(inbox[0]?.message ?? ''), ann25, false);
    expect(opened.ok).toBe(true);
    if (opened.ok) {
      expect(opened.value.senderSessionId).toBe(annId);
      expect(decodeContentBody(opened.value.plaintext)).toMatchObject({
        ok: true,
        value: { body: 'Bien reçu' },
      });
    }
  }, 240_000);

  it('drops what an attacker puts in our 25 inbox: a sealed key that is not the sender’s, a 15 sender', async () => {
    const ann25 = blind25Id(annId, spk) as Blinded25Id;
    const zoe = new SogsUser(server, '25');
    const eve = new SogsUser(server, '25');
    // Eve seals with her own blinded key but encloses Zoe's Ed25519 key, to pass as Zoe.
    const forged = forgeAs(
      asEd25519SecretKey(eve.edSec),
      zoe.edSec.subarray(32),
      ann25,
      contentBytes('I am Zoe', 'Zoe'),
    );
    expect((await eve.call('POST', `/inbox/${ann25}`, { json: { message: toBase64(forged) } })).status).toBe(
      201,
    );
    // A 15 user writes to the 25 ID (libsession refuses such a pair).
    const mixed = new SogsUser(server, '15');
    const junk = encryptBlindedDm(
      asEd25519SecretKey(mixed.edSec),
      spk,
      ann25,
      contentBytes('mixed', 'M'),
      new Uint8Array(24),
    )!;
    expect((await mixed.call('POST', `/inbox/${ann25}`, { json: { message: toBase64(junk) } })).status).toBe(
      201,
    );
    const got = await dmsOf(ann, 25);
    expect(got.filter((d) => d.body === 'I am Zoe' || d.body === 'mixed')).toEqual([]);
  }, 240_000);

  /** A 25 DM from `sk` to `recipient` enclosing `claimedEd` instead of the sender's key. */
  function forgeAs(
    sk: Ed25519SecretKey,
    claimedEd: Uint8Array,
    recipient: Blinded25Id,
    plaintext: Uint8Array,
  ) {
    const s = sodium();
    const pair = blind25KeyPair(sk, spk);
    const kB = fromHex(recipient.slice(2));
    const point = s.crypto_scalarmult_ed25519_noclamp(pair.secretScalar, kB);
    const key = s.crypto_generichash(32, concatBytes(point, pair.publicKey, kB), null);
    const nonce = new Uint8Array(randomBytes(24));
    const cipher = s.crypto_aead_xchacha20poly1305_ietf_encrypt(
      concatBytes(plaintext, claimedEd),
      null,
      null,
      nonce,
      key,
    );
    return concatBytes(Uint8Array.of(0), cipher, nonce);
  }
});
