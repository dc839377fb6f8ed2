/**
 * Issue 16 from the command line: two profiles on one devnet exchange files (a binary file, a
 * picture, a voice note) byte for byte; the blob on the devnet's file server opens by the
 * documented legacy scheme with node:crypto alone; a tampered, a wrongly digested and an expired
 * file are refused with their reasons; 10,000,001 bytes are refused before anything is sent and
 * exactly 10,000,000 go through; an upload cut by a closed profile resumes at the next start.
 */
import { createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDevnet, type Devnet } from '../../devnet/index';
import { fromHex } from '../../src/crypto/bytes';
import { openBlob } from '../../src/main/attachments/transfer';
import { openCliSession } from '../../src/main/cli/core-session';
import { isMessageId } from '../../src/main/db';
import { testPng } from '../main/files/images';
import { ok, tempProfiles, veilOn } from './helpers';
import { en } from '../../src/shared/i18n/en';

const SentFile = z.object({
  fileName: z.string(),
  contentType: z.string(),
  size: z.number(),
  url: z.string(),
});
const Sent = z.object({ id: z.string(), hash: z.string(), attachments: z.array(SentFile) });
const ReceivedFile = z
  .object({
    fileName: z.string().nullable(),
    contentType: z.string(),
    size: z.number(),
    width: z.number().optional(),
    height: z.number().optional(),
    flags: z.number().optional(),
    url: z.string(),
    key: z.string().regex(/^[0-9a-f]+$/),
    digest: z
      .string()
      .regex(/^[0-9a-f]*$/)
      .nullable(),
    path: z.string().optional(),
    error: z.string().nullable().optional(),
  })
  .strict();
const Received = z.object({
  id: z.string(),
  body: z.string(),
  attachments: z.array(ReceivedFile).optional(),
});

/** Desktop's padded size (identity-and-messages.md §6.1), written again here on purpose. */
function paddedSize(n: number): number {
  const s = Math.max(541, Math.floor(Math.pow(1.05, Math.ceil(Math.log(n) / Math.log(1.05)))));
  return s > 10_000_000 && n <= 10_000_000 ? 10_000_000 : s;
}

/** The legacy scheme by the reference alone (§6.1), with node:crypto: MAC, digest, AES-CBC, size. */
function legacyDecrypt(blob: Buffer, key: Buffer, digest: Buffer, size: number): Buffer {
  const iv = blob.subarray(0, 16);
  const ct = blob.subarray(16, blob.length - 32);
  const mac = createHmac('sha256', key.subarray(32)).update(iv).update(ct).digest();
  expect(timingSafeEqual(mac, blob.subarray(blob.length - 32))).toBe(true);
  expect(createHash('sha256').update(blob).digest().equals(digest)).toBe(true);
  const d = createDecipheriv('aes-256-cbc', key.subarray(0, 32), iv);
  const plain = Buffer.concat([d.update(ct), d.final()]);
  expect(plain.length).toBe(paddedSize(size));
  return plain.subarray(0, size);
}

const fileIdOfUrl = (url: string) => /\/file\/([A-Za-z0-9_-]+)/.exec(url)?.[1] ?? '';

describe('attachments through the CLI (two profiles, one devnet)', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-att-');
  let ann = '';
  let ben = '';
  let benId = '';
  let files = '';
  const as = veilOn(() => devnet);
  const send = async (...args: string[]) => {
    const out = ok(await as(ann, 'send', benId, ...args, '--json'));
    expect(out).toHaveLength(1);
    return Sent.parse(JSON.parse(out[0] ?? ''));
  };
  const receive = async (saveDir = files) => {
    const out = ok(await as(ben, 'receive', '--json', '--wait', '3', '--save-dir', saveDir));
    return out.map((l) => Received.parse(JSON.parse(l)));
  };
  const annId = async () => {
    const s = await openCliSession(en, ann, devnet.seedUrl);
    try {
      return s.session.messaging.ownSessionId();
    } finally {
      await s.close();
    }
  };
  const fault = async (url: string, kind: 'expire' | 'tamper') => {
    const res = await fetch(`${devnet.fileServer.url}/devnet/files/${fileIdOfUrl(url)}/${kind}`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    devnet = await startDevnet({ nodes: 12 });
    ann = profiles.make();
    ben = profiles.make();
    files = profiles.make();
    ok(await as(ann, 'account', 'create', '--name', 'Ann', '--json'));
    benId = (
      JSON.parse(ok(await as(ben, 'account', 'create', '--name', 'Ben', '--json'))[0] ?? '') as {
        sessionId: string;
      }
    ).sessionId;
  }, 120_000);

  afterAll(async () => {
    await devnet.stop();
    profiles.removeAll();
  });

  it('sends a binary file, a picture and a voice note that arrive byte for byte', async () => {
    const bin = join(files, 'data.bin');
    const png = join(files, 'photo.png');
    const voice = join(files, 'voice.mp3');
    writeFileSync(bin, randomBytes(150_000));
    writeFileSync(png, testPng(48, 3));
    writeFileSync(voice, randomBytes(20_000));
    const first = await send('two files', '--attach', bin, '--attach', png);
    expect(first.attachments.map((a) => [a.fileName, a.contentType, a.size])).toEqual([
      ['data.bin', 'application/octet-stream', 150_000],
      ['photo.png', 'image/png', readFileSync(png).length],
    ]);
    // A non-default file server: its key rides in the URL (desktop `uploadFileToFsWithOnionV4`).
    for (const a of first.attachments) expect(a.url).toContain(`#p=${devnet.fileServer.ed25519}`);
    const second = await send('--attach', voice, '--voice');
    expect(second.attachments[0]?.contentType).toBe('audio/mpeg');
    const saveDir = profiles.make();
    const got = await receive(saveDir);
    expect(got).toHaveLength(2);
    const [m1, m2] = got;
    expect(m1?.body).toBe('two files');
    expect(m1?.attachments?.map((a) => a.fileName)).toEqual(['data.bin', 'photo.png']);
    expect(m1?.attachments?.[1]).toMatchObject({ width: 48, height: 48 });
    expect(m1?.attachments?.[0]?.flags).toBeUndefined();
    expect(m2?.body).toBe('');
    expect(m2?.attachments?.[0]).toMatchObject({
      fileName: 'voice.mp3',
      contentType: 'audio/mpeg',
      flags: 1,
    });
    for (const [src, a] of [
      [bin, m1?.attachments?.[0]],
      [png, m1?.attachments?.[1]],
      [voice, m2?.attachments?.[0]],
    ] as const) {
      expect(a?.path).toBeDefined();
      expect(readFileSync(a?.path ?? '').equals(readFileSync(src))).toBe(true);
    }
    // The blob on the server opens by the documented scheme, independently of our code.
    const a0 = m1?.attachments?.[0];
    const blob = Buffer.from(
      await (await fetch(`${devnet.fileServer.url}/file/${fileIdOfUrl(a0?.url ?? '')}`)).arrayBuffer(),
    );
    const plain = legacyDecrypt(
      blob,
      Buffer.from(a0?.key ?? '', 'hex'),
      Buffer.from(a0?.digest ?? '', 'hex'),
      150_000,
    );
    expect(plain.equals(readFileSync(bin))).toBe(true);
    // A wrong digest (the MAC is fine) is refused before use.
    const wrong = fromHex(a0?.digest ?? '');
    wrong[0] = (wrong[0] ?? 0) ^ 1;
    const opened = openBlob(
      new Uint8Array(blob),
      { url: a0?.url ?? '', key: fromHex(a0?.key ?? ''), digest: wrong, size: 150_000 },
      false,
    );
    expect(opened).toMatchObject({
      ok: false,
      reason: 'reasons.attachment.tampered',
      detail: 'legacy: bad-digest',
    });
  }, 240_000);

  it('refuses a tampered blob and reports an expired file as no longer available', async () => {
    const path = join(files, 'notes.txt');
    writeFileSync(path, 'secret notes '.repeat(500));
    const tampered = await send('tampered', '--attach', path);
    await fault(tampered.attachments[0]?.url ?? '', 'tamper');
    writeFileSync(path, 'other notes '.repeat(400));
    const expired = await send('expired', '--attach', path);
    await fault(expired.attachments[0]?.url ?? '', 'expire');
    const saveDir = profiles.make();
    const got = await receive(saveDir);
    expect(got.map((m) => m.body)).toEqual(['tampered', 'expired']);
    expect(got[0]?.attachments?.[0]).toMatchObject({ error: 'reasons.attachment.tampered' });
    expect(got[0]?.attachments?.[0]?.path).toBeUndefined();
    expect(got[1]?.attachments?.[0]).toMatchObject({ error: 'reasons.attachment.expired' });
    expect(got[1]?.attachments?.[0]?.path).toBeUndefined();
  }, 240_000);

  it('refuses 10,000,001 bytes with nothing sent, and sends exactly 10,000,000', async () => {
    const big = join(files, 'big.bin');
    writeFileSync(big, randomBytes(10_000_001));
    const refused = await as(ann, 'send', benId, 'too big', '--attach', big, '--json');
    expect(refused.code).toBe(2);
    expect(refused.out).toEqual([]);
    expect(refused.err).toHaveLength(1);
    expect(refused.err[0]).toContain('10,000,000');
    const unreadable = await as(ann, 'send', benId, 'missing', '--attach', join(files, 'nope.bin'));
    expect(unreadable.code).toBe(2);
    expect(unreadable.err).toHaveLength(1);
    const exact = join(files, 'exact.bin');
    writeFileSync(exact, randomBytes(10_000_000));
    const sent = await send('exactly ten million', '--attach', exact);
    expect(sent.attachments[0]?.size).toBe(10_000_000);
    const got = await receive(profiles.make());
    // Nothing of the refused sends arrived: only the last message.
    expect(got.map((m) => m.body)).toEqual(['exactly ten million']);
    expect(readFileSync(got[0]?.attachments?.[0]?.path ?? '').equals(readFileSync(exact))).toBe(true);
  }, 300_000);

  it('downloads by itself once the conversation is accepted; a message request waits for a click', async () => {
    // Until now Ben has only received (Ann's conversation is a request): nothing downloaded itself.
    const path = join(files, 'auto.bin');
    writeFileSync(path, randomBytes(30_000));
    await send('while a request', '--attach', path);
    ok(await as(ben, 'receive', '--wait', '3'));
    const inspect = async () => {
      const s = await openCliSession(en, ben, devnet.seedUrl);
      try {
        const list = s.session.messaging.listConversations()[0];
        const last = list ? s.session.messaging.page(list.id as never, null, 1)[0] : undefined;
        return { last, lastMessage: list?.lastMessage };
      } finally {
        await s.close();
      }
    };
    const before = await inspect();
    expect(before.last?.attachments[0]?.state).toBe('pending');
    expect(before.lastMessage?.attachment).toEqual({ contentType: 'application/octet-stream', voice: false });
    // Ben answers: the request is accepted, and Ann's next file comes down without being asked.
    ok(await as(ben, 'send', await annId(), 'ok'));
    await send('accepted now', '--attach', path);
    ok(await as(ben, 'receive', '--wait', '5'));
    const after = await inspect();
    expect(after.last?.body).toBe('accepted now');
    expect(after.last?.attachments[0]?.state).toBe('ready');
  }, 240_000);

  it('resumes an upload cut short by a closed profile from the encrypted staged copy', async () => {
    const path = join(files, 'resume.bin');
    writeFileSync(path, randomBytes(400_000));
    const s = await openCliSession(en, ann, devnet.seedUrl);
    let messageId = '';
    try {
      const staged = s.session.attachments.stage({
        fileName: 'resume.bin',
        contentType: 'application/octet-stream',
        data: new Uint8Array(readFileSync(path)),
      });
      s.session.messaging.open(benId);
      messageId = s.session.messaging.send(benId as never, 'after a crash', undefined, [staged.stagedId]).id;
      expect(isMessageId(messageId)).toBe(true);
      if (!isMessageId(messageId)) return;
      // Queued with its file, not uploaded: the process "dies" now.
      expect(s.session.attachments.recordsOf(messageId)[0]?.url).toBeNull();
    } finally {
      await s.close();
    }
    // Any command that opens the profile resumes the outbox: the file is uploaded, then sent.
    ok(await as(ann, 'receive', '--wait', '8'));
    const got = await receive(profiles.make());
    expect(got.map((m) => m.body)).toEqual(['after a crash']);
    expect(readFileSync(got[0]?.attachments?.[0]?.path ?? '').equals(readFileSync(path))).toBe(true);
  }, 240_000);
});
