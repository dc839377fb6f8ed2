/**
 * One file up and down a devnet's file server through onion paths (src/main/attachments/transfer.ts):
 * the legacy scheme both ways, the stream scheme (`#d` in the URL) on receive, progress reported,
 * and the verdicts for a tampered, an expired and a foreign file.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import { encryptStreamAttachment } from '../../../src/crypto/attachments-stream';
import { downloadAttachment, uploadAttachment } from '../../../src/main/attachments/transfer';
import { pointerIdOf, sharedUrl } from '../../../src/main/attachments/pointer';
import { asLegacyAttachmentKey, legacyEncryptionSource } from '../../../src/crypto/attachments-legacy';
import { uploadFile } from '../../../src/main/files/file-client';
import { parseFileServer, type FileServer } from '../../../src/main/files/file-server';
import type { NetworkClient } from '../../../src/main/network/network-client';
import { clientOn, devnet } from '../network/helpers';

let net: Devnet;
let client: NetworkClient;
let server: FileServer;

beforeAll(async () => {
  net = await devnet();
  client = clientOn(net);
  await client.start();
  server = parseFileServer(net.fileServer);
}, 60_000);

afterAll(async () => {
  await client.stop();
  await net.stop();
});

const idOf = (url: string) => /\/file\/([A-Za-z0-9_-]+)/.exec(url)?.[1] ?? '';

describe('attachment transfer over onion v4', () => {
  it('uploads by the legacy scheme with progress and downloads the same bytes', async () => {
    const data = new Uint8Array(randomBytes(700_000));
    const up: number[] = [];
    const file = await uploadAttachment(client, server, data, { onProgress: (f) => up.push(f) });
    expect(file.url).toBe(`${server.url}/file/${idOf(file.url)}#p=${server.ed25519}`);
    expect(file.key).toHaveLength(64);
    expect(file.digest).toHaveLength(32);
    expect(pointerIdOf(file.url)).toBe(0n); // 44-character ids are not numbers
    expect(up.length).toBeGreaterThan(3);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect(up.at(-1)).toBe(1);
    const down: number[] = [];
    const got = await downloadAttachment(
      client,
      server,
      { ...file, size: data.length },
      { onProgress: (f) => down.push(f) },
    );
    expect(got.ok && Buffer.concat(got.parts).equals(Buffer.from(data))).toBe(true);
    expect(down.at(-1)).toBe(1);
  });

  it('opens the stream scheme when the URL says `d`, and refuses it altered', async () => {
    const seed = new Uint8Array(randomBytes(32));
    const data = new Uint8Array(randomBytes(100_000));
    const { encrypted, key } = encryptStreamAttachment(seed, data, 'attachment');
    const up = await uploadFile(client, server, encrypted);
    const url = `${up.url}#p=${server.ed25519}&d=`;
    const got = await downloadAttachment(client, server, { url, key, digest: null, size: data.length });
    expect(got.ok && Buffer.concat(got.parts).equals(Buffer.from(data))).toBe(true);
    await fetch(`${server.url}/devnet/files/${up.id}/tamper`, { method: 'POST' });
    expect(
      await downloadAttachment(client, server, { url, key, digest: null, size: data.length }),
    ).toMatchObject({
      ok: false,
      state: 'failed',
      reason: 'reasons.attachment.tampered',
    });
  });

  it('sends the same blob again over another path when an attempt fails (made anew for the retry)', async () => {
    // One path's guard closes its connections instead of answering: an upload that tries it
    // first is made again, from its first byte, for the other path (the progress goes back).
    const guard = client.paths.state().paths[0]?.[0];
    if (!guard) throw new Error('no path');
    net.setFaults(guard.pubkeyEd25519, { drop: 1 });
    try {
      const seen = { retried: false };
      for (let i = 0; i < 10 && !seen.retried; i++) {
        const data = new Uint8Array(randomBytes(400_000));
        const key = asLegacyAttachmentKey(new Uint8Array(randomBytes(64)));
        const blob = legacyEncryptionSource(data, key, new Uint8Array(randomBytes(16)));
        let top = 0;
        const up = await uploadFile(client, server, blob, {
          onProgress: (p) => {
            if (p.sent < top) seen.retried = true;
            top = Math.max(top, p.sent);
          },
        });
        const digest = blob.digest();
        if (!digest) throw new Error('no digest');
        const url = sharedUrl(server, up.url);
        const got = await downloadAttachment(client, server, { url, key, digest, size: data.length });
        expect(got.ok && Buffer.concat(got.parts).equals(Buffer.from(data))).toBe(true);
      }
      expect(seen.retried).toBe(true);
    } finally {
      net.clearFaults();
    }
  });

  it('goes through when every node is slow to answer, as on a loaded machine', async () => {
    // 900 ms before each node handles a request: a hop waits longer for the rest of the path than
    // a busy CI machine's 1.5 s (the devnet once gave up there, failing transfers under load).
    for (const n of net.nodes()) net.setFaults(n.index, { latencyMs: 900 });
    try {
      const data = new Uint8Array(randomBytes(3_000));
      const file = await uploadAttachment(client, server, data);
      const got = await downloadAttachment(client, server, { ...file, size: data.length });
      expect(got.ok && Buffer.concat(got.parts).equals(Buffer.from(data))).toBe(true);
    } finally {
      net.clearFaults();
    }
  });

  it('says expired for a file the server no longer has, and never fetches from another server', async () => {
    const file = await uploadAttachment(client, server, new Uint8Array(randomBytes(2_000)));
    await fetch(`${server.url}/devnet/files/${idOf(file.url)}/expire`, { method: 'POST' });
    expect(await downloadAttachment(client, server, { ...file, size: 2_000 })).toMatchObject({
      ok: false,
      state: 'expired',
      reason: 'reasons.attachment.expired',
    });
    const foreign = { ...file, url: `http://files.example.org/file/${idOf(file.url)}`, size: 2_000 };
    expect(await downloadAttachment(client, server, foreign)).toMatchObject({
      ok: false,
      reason: 'reasons.attachment.unsupported',
    });
  });
});
