/**
 * `send --timeout N` with a seed that cannot be reached ends at about N seconds, with exit 1 and
 * its one line (README "Exit codes"): the config push at close, a message being tried and a poll
 * in flight are no longer waited for at their own timeouts (10 s and more each).
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli/main';
import { en } from '../../../src/shared/i18n/en';
import { capture, createAccount, tempProfiles } from '../../cli/helpers';

const profiles = tempProfiles('veil-cli-timeout-');
afterAll(() => {
  profiles.removeAll();
});

/** A TCP port on loopback with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** A seed that accepts connections and never answers: every request hangs until its own timeout. */
async function silentSeed(): Promise<{ port: number; stop: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

const TIMEOUT_S = 2;
/** Opening the profile and closing it on a loaded machine; the old code took 18 s more. */
const MARGIN_MS = 7_000;

async function sendWithin(
  dir: string,
  seedUrl: string,
): Promise<{ code: number; err: string[]; out: string[]; ms: number }> {
  const c = capture();
  const peer = `05${'ab'.repeat(32)}`;
  const started = Date.now();
  const code = await runCli(
    ['--profile', dir, '--network', seedUrl, 'send', peer, 'hello', '--timeout', String(TIMEOUT_S)],
    c.io,
  );
  return { code, err: c.err, out: c.out, ms: Date.now() - started };
}

describe('send --timeout with a seed out of reach', () => {
  it('a closed port: exit 1 and the queued line at about the timeout', async () => {
    const dir = profiles.make();
    await createAccount(dir, 'Ann');
    const r = await sendWithin(dir, `http://127.0.0.1:${await closedPort()}/`);
    expect(r).toMatchObject({ code: 1, out: [], err: [en.cliErrors.notSentQueued] });
    expect(r.ms).toBeGreaterThanOrEqual(TIMEOUT_S * 1000);
    expect(r.ms).toBeLessThan(TIMEOUT_S * 1000 + MARGIN_MS);
  }, 60_000);

  it('a seed that never answers (each request hangs to its own timeout): the same', async () => {
    const dir = profiles.make();
    await createAccount(dir, 'Ann');
    const seed = await silentSeed();
    try {
      const r = await sendWithin(dir, `http://127.0.0.1:${seed.port}/`);
      expect(r).toMatchObject({ code: 1, out: [], err: [en.cliErrors.notSentQueued] });
      expect(r.ms).toBeLessThan(TIMEOUT_S * 1000 + MARGIN_MS);
    } finally {
      await seed.stop();
    }
  }, 60_000);
});
