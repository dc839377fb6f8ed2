import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Devnet } from '../../../devnet/index';
import { AccountService } from '../../../src/main/account/account-service';
import { openDatabase } from '../../../src/main/db';
import { wipe } from '../../../src/main/keys/master-key';
import { runCli } from '../../../src/main/cli/main';
import { capture, startCliPair, tempProfiles } from '../../cli/helpers';

describe('veil send / receive / conversations on a devnet', () => {
  let devnet: Devnet;
  const profiles = tempProfiles('veil-cli-');
  let ann: string;
  let ben: string;
  let annId: string;
  let benId: string;

  beforeAll(async () => {
    ({ devnet, ann, ben, annId, benId } = await startCliPair(profiles));
  }, 60_000);
  afterAll(async () => {
    await devnet.stop();
    profiles.removeAll();
  });

  it('send exits 0 once a swarm accepted the message, printing its id and hash', async () => {
    const c = capture();
    expect(
      await runCli(
        ['--profile', ann, '--network', devnet.seedUrl, 'send', benId, 'Bonjour Ben', '--json'],
        c.io,
      ),
    ).toBe(0);
    expect(c.out).toHaveLength(1);
    expect(JSON.parse(c.out[0]!)).toMatchObject({
      id: expect.any(String),
      hash: expect.stringMatching(/^[A-Za-z0-9+/]{43}$/),
    });
  }, 60_000);

  it('receive prints each new message once as one JSON line, and never again', async () => {
    const first = capture();
    expect(
      await runCli(
        ['--profile', ben, '--network', devnet.seedUrl, 'receive', '--wait', '2', '--json'],
        first.io,
      ),
    ).toBe(0);
    expect(first.out.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      {
        id: expect.any(String),
        from: annId,
        body: 'Bonjour Ben',
        sentAt: expect.any(Number),
        conversation: annId,
      },
    ]);
    const second = capture();
    expect(
      await runCli(
        ['--profile', ben, '--network', devnet.seedUrl, 'receive', '--wait', '1', '--json'],
        second.io,
      ),
    ).toBe(0);
    expect(second.out).toEqual([]);
  }, 60_000);

  /** The ids `receive` has marked as printed, read from the profile's database as it runs. */
  async function printedMarks(dir: string): Promise<string[]> {
    const account = await AccountService.open(dir);
    const key = account.databaseKey();
    const db = openDatabase(join(dir, 'veil.db'), key);
    wipe(key);
    account.lock();
    try {
      return db.kv.get('cli.receive.printed', z.array(z.string())) ?? [];
    } finally {
      db.close();
    }
  }

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'receive saves each mark as it prints, so a %s never makes it print the line again',
    async (signal) => {
      const body = `Encore ${signal}`;
      const send = capture();
      expect(
        await runCli(['--profile', ann, '--network', devnet.seedUrl, 'send', benId, body], send.io),
      ).toBe(0);
      // A real process (node itself, no wrapper relaying signals), stopped by a real signal in
      // the middle of its wait.
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/main/cli/main.ts',
          '--profile',
          ben,
          '--network',
          devnet.seedUrl,
          'receive',
          '--wait',
          '300',
          '--json',
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
        child.once('exit', (code, sig) => {
          resolve(code ?? sig);
        });
      });
      try {
        let line: { id: string; body: string } | undefined;
        for await (const text of createInterface({ input: child.stdout })) {
          line = JSON.parse(text) as { id: string; body: string };
          break;
        }
        expect(line?.body).toBe(body);
        // Saved while the command still runs, not only when it ends.
        await expect.poll(() => printedMarks(ben), { timeout: 10_000 }).toContain(line?.id);
        child.kill(signal);
        expect(await exited).toBe(0);
      } finally {
        // A failed assertion must not leave the child running (and the test process hanging).
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      const again = capture();
      expect(
        await runCli(
          ['--profile', ben, '--network', devnet.seedUrl, 'receive', '--wait', '1', '--json'],
          again.io,
        ),
      ).toBe(0);
      expect(again.out).toEqual([]);
    },
    90_000,
  );

  it('conversations lists the other party’s Session ID', async () => {
    const c = capture();
    expect(
      await runCli(['--profile', ben, '--network', devnet.seedUrl, 'conversations', '--json'], c.io),
    ).toBe(0);
    const list = JSON.parse(c.out[0]!) as { sessionId: string; name: string; isRequest: boolean }[];
    expect(list).toEqual([expect.objectContaining({ sessionId: annId, name: 'Ann', isRequest: true })]);
  }, 60_000);

  it('refuses a malformed recipient and a profile without an account with status 2', async () => {
    const bad = capture();
    expect(await runCli(['--profile', ann, '--network', devnet.seedUrl, 'send', '05abc', 'x'], bad.io)).toBe(
      2,
    );
    expect(bad.err).toHaveLength(1);
    const empty = capture();
    expect(
      await runCli(
        ['--profile', profiles.make(), '--network', devnet.seedUrl, 'conversations', '--json'],
        empty.io,
      ),
    ).toBe(2);
    expect(empty.err[0]).toContain('no account');
  }, 60_000);
});
