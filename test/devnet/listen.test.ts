/**
 * devnet's ports: picked below the kernel's ephemeral range (where outgoing connections take
 * their local ports), and a killed node's restart waits for its port instead of failing. CI once
 * failed an e2e test with EADDRINUSE on a node's restart: a connection had taken its port.
 */
import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ephemeralLow, listenLoopback, pickableRange } from '../../devnet/node/listen';
import { useDevnet } from './helpers';

const servers: Server[] = [];
function server(): Server {
  const s = createServer((c) => c.destroy());
  servers.push(s);
  return s;
}
function close(s: Server): Promise<void> {
  return new Promise((r) => (s.listening ? s.close(() => r()) : r()));
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

describe('the ports devnet picks', () => {
  it('reads the ephemeral range, and keeps below it', () => {
    expect(ephemeralLow(() => '32768\t60999\n')).toBe(32768);
    expect(ephemeralLow(() => 'nonsense')).toBe(49152);
    expect(
      ephemeralLow(() => {
        throw new Error('no /proc');
      }),
    ).toBe(49152);
    expect(pickableRange(32768)).toEqual({ from: 10_000, to: 32767 });
    // A range starting low leaves no room below it: the kernel chooses.
    expect(pickableRange(1024)).toBeUndefined();
    expect(pickableRange(10_500)).toBeUndefined();
  });

  it('listens below the ephemeral range', async () => {
    const low = ephemeralLow();
    for (let i = 0; i < 5; i++) {
      const port = await listenLoopback(server());
      if (pickableRange(low) !== undefined) expect(port).toBeLessThan(low);
      expect(port).toBeGreaterThanOrEqual(1024);
    }
  });

  it('tries another port when one is taken, and lets the kernel choose when all are', async () => {
    const held = server();
    const port = await listenLoopback(held);
    const other = await listenLoopback(server(), 0, { range: { from: port, to: port } });
    expect(other).not.toBe(port);
    expect(other).toBeGreaterThan(0);
  });

  it('waits for a given port held by another socket, up to waitMs', async () => {
    const held = server();
    const port = await listenLoopback(held);
    await expect(listenLoopback(server(), port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    const freed = new Promise<void>((r) => setTimeout(() => void close(held).then(r), 400));
    const started = Date.now();
    expect(await listenLoopback(server(), port, { waitMs: 5_000 })).toBe(port);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await freed;
  });
});

describe('a killed node whose port is taken meanwhile', () => {
  const net = useDevnet({ nodes: 3 });

  it('restarts on the same port once the port is free again', async () => {
    const node = net().nodes()[1];
    if (node === undefined) throw new Error('no node');
    const low = ephemeralLow();
    if (pickableRange(low) !== undefined) for (const n of net().nodes()) expect(n.port).toBeLessThan(low);
    await net().kill(node.index);
    const squatter = server();
    await listenLoopback(squatter, node.port);
    setTimeout(() => void close(squatter), 500);
    await net().restart(node.index);
    expect(net().nodes()[1]?.port).toBe(node.port);
    // Up again: a connection to it is accepted, not refused.
    const accepted = await new Promise<boolean>((resolve) => {
      const c = connect(node.port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    expect(accepted).toBe(true);
  });
});
