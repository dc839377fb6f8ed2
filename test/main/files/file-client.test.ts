/** The file server client through real onion paths on a devnet (network.md §4.5, §5). */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Devnet } from '../../../devnet/index';
import { FileError } from '../../../src/main/files/errors';
import { downloadFile, uploadFile } from '../../../src/main/files/file-client';
import {
  fileIdOf,
  MAINNET_FILE_SERVER,
  MAX_FILE_BYTES,
  parseFileServer,
  type FileServer,
} from '../../../src/main/files/file-server';
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

const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof FileError ? e.code : `other: ${String(e)}`;
  }
};

describe('file server client over onion v4', () => {
  it('uploads and downloads the same bytes', async () => {
    const data = new Uint8Array(randomBytes(70_000));
    const up = await uploadFile(client, server, data);
    expect(up.id).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(up.url).toBe(`${server.url}/file/${up.id}`);
    expect(typeof up.expires).toBe('number');
    expect(fileIdOf(up.url, server)).toEqual({ id: up.id, deterministic: false });
    const down = await downloadFile(client, server, up.id);
    expect(Buffer.from(down).equals(Buffer.from(data))).toBe(true);
  });

  it('accepts exactly 10,000,000 bytes and refuses one more before sending', async () => {
    expect(await code(uploadFile(client, server, new Uint8Array(10_223_617)))).toBe('too-large');
    expect(await code(uploadFile(client, server, new Uint8Array(0)))).toBe('empty');
    const big = new Uint8Array(MAX_FILE_BYTES);
    big[0] = 1;
    const up = await uploadFile(client, server, big);
    expect((await downloadFile(client, server, up.id)).length).toBe(MAX_FILE_BYTES);
  }, 60_000);

  it('reports a missing file and refuses a malformed id', async () => {
    expect(await code(downloadFile(client, server, 'doesnotexist'))).toBe('not-found');
    expect(await code(downloadFile(client, server, '../etc/passwd'))).toBe('bad-url');
  });

  it('refuses to talk to a server with the wrong key (the reply cannot be decrypted)', async () => {
    const wrong = { ...server, x25519: MAINNET_FILE_SERVER.x25519 };
    expect(await code(downloadFile(client, wrong, 'x', { attempts: 1 }))).not.toBe('resolved');
  });

  it('only takes file ids from URLs of our file server', () => {
    const id = 'A'.repeat(44);
    expect(fileIdOf(`${server.url}/file/${id}`, server)?.id).toBe(id);
    expect(fileIdOf(`${server.url}/file/${id}#d=`, server)?.deterministic).toBe(true);
    for (const bad of [
      `http://evil.example/file/${id}`,
      `${server.url}/file/${id}?x=1`,
      `${server.url}/file/../x`,
      `${server.url}/files/${id}`,
      `${server.url}/file/${id}#p=${'ab'.repeat(32)}`,
      `https://${new URL(server.url).host}/file/${id}`,
      'javascript:alert(1)',
      'not a url',
    ])
      expect(fileIdOf(bad, server)).toBeUndefined();
    expect(fileIdOf(`http://filev2.getsession.org/file/${id}`, MAINNET_FILE_SERVER)?.id).toBe(id);
  });
});
