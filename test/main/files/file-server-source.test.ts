/**
 * Issue 14 item 5: a client given only a seed URL learns the network's file server from the seed
 * (devnet's `devnet_file_server`), and nothing a hostile or broken seed answers is taken.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../../devnet/index';
import { parseFileServer } from '../../../src/main/files/file-server';
import { FILE_SERVER_RETRY_MS, fileServerFromSeeds } from '../../../src/main/files/file-server-source';

let devnet: Devnet;
let hostile: Server;
let hostileUrl: string;
/** What the hostile seed answers next: status, content type, body. */
let answer: [number, string, string] = [200, 'application/json', '{}'];
let asked = 0;

beforeAll(async () => {
  devnet = await startDevnet({ nodes: 5 });
  hostile = createServer((req, res) => {
    asked++;
    req.resume();
    req.on('end', () => {
      res.writeHead(answer[0], { 'Content-Type': answer[1] });
      res.end(answer[2]);
    });
  });
  await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
  hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  await new Promise((r) => hostile.close(r));
  await devnet.stop();
});

const key = 'ab'.repeat(32);
const result = (r: unknown) => JSON.stringify({ jsonrpc: '2.0', id: 0, result: r });

describe('the file server of a network known by its seed URL', () => {
  it('is the one the devnet seed names, asked once and then remembered', async () => {
    const source = fileServerFromSeeds([devnet.seedUrl]);
    expect(await source()).toEqual(parseFileServer(devnet.fileServer));
    expect(await source()).toEqual(parseFileServer(devnet.fileServer));
  });

  it('takes the first seed that answers when another is down', async () => {
    const source = fileServerFromSeeds(['http://127.0.0.1:9/', devnet.seedUrl]);
    expect((await source())?.url).toBe(devnet.fileServer.url);
  });

  it.each<[string, [number, string, string]]>([
    [
      'an oxend error (a real seed)',
      [200, 'application/json', '{"jsonrpc":"2.0","id":0,"error":{"code":-32601}}'],
    ],
    ['not JSON', [200, 'application/json', '<html>']],
    [
      'HTML content type',
      [200, 'text/html', result({ url: 'http://127.0.0.1:1', x25519: key, ed25519: key })],
    ],
    [
      'a server error',
      [500, 'application/json', result({ url: 'http://127.0.0.1:1', x25519: key, ed25519: key })],
    ],
    [
      'a javascript: URL',
      [200, 'application/json', result({ url: 'javascript:alert(1)', x25519: key, ed25519: key })],
    ],
    [
      'a file: URL',
      [200, 'application/json', result({ url: 'file:///etc/passwd', x25519: key, ed25519: key })],
    ],
    [
      'a short key',
      [200, 'application/json', result({ url: 'http://127.0.0.1:1', x25519: 'ab', ed25519: key })],
    ],
    [
      'a non-hex key',
      [200, 'application/json', result({ url: 'http://127.0.0.1:1', x25519: 'zz'.repeat(32), ed25519: key })],
    ],
    [
      'a key of the wrong type',
      [200, 'application/json', result({ url: 'http://127.0.0.1:1', x25519: 5, ed25519: key })],
    ],
    ['null', [200, 'application/json', result(null)]],
    ['a huge body', [200, 'application/json', `{"result":"${'A'.repeat(2_000_000)}"}`]],
  ])('refuses %s: no file server, and no throw', async (_what, reply) => {
    answer = reply;
    expect(await fileServerFromSeeds([hostileUrl])()).toBeUndefined();
  });

  it('asks a seed that could not say again, but not at every use', async () => {
    answer = [200, 'application/json', '{"error":{"code":-32601}}'];
    let now = 1_000_000;
    const source = fileServerFromSeeds([hostileUrl], { now: () => now });
    const before = asked;
    expect(await source()).toBeUndefined();
    expect(await source()).toBeUndefined();
    expect(asked - before).toBe(1);
    answer = [200, 'application/json', result({ url: 'http://127.0.0.1:1/', x25519: key, ed25519: key })];
    now += FILE_SERVER_RETRY_MS;
    expect(await source()).toEqual({ url: 'http://127.0.0.1:1', x25519: key, ed25519: key });
    expect(asked - before).toBe(2);
  });
});
