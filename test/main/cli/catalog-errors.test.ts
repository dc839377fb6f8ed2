/**
 * The CLI's failures in the catalog's words (src/shared/i18n `cliErrors`, `groups.errors`), one
 * line on stderr, never SQLite's or an exception's English.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from '../../../src/main/cli/main';
import { VeilCore } from '../../../src/main/core/core';
import { en } from '../../../src/shared/i18n/en';
import { capture, createAccount, tempProfiles } from '../../cli/helpers';

const profiles = tempProfiles('veil-cli-words-');
afterAll(() => {
  profiles.removeAll();
});

const root = join(__dirname, '..', '..', '..');

describe('CLI failures in the catalog’s words', () => {
  it('a profile another Veil holds locked: one catalog line, exit 2 (not "database is locked")', async () => {
    const dir = profiles.make();
    const someone = `05${'ab'.repeat(32)}`;
    await createAccount(dir, 'Ann');
    // The app (another process) holds the write lock for longer than the CLI's busy timeout.
    const app = await VeilCore.open({ profileDir: dir, host: 'browser', network: 'devnet' });
    try {
      const db = app.ensureSession()!.db;
      const run = db.transaction(() => {
        db.kv.set('held', 1);
        return spawnSync(
          process.execPath,
          [
            '--import',
            'tsx',
            join(root, 'src/main/cli/main.ts'),
            '--profile',
            dir,
            '--network',
            'http://127.0.0.1:9/',
            'mute',
            someone,
            '--for',
            '1h',
          ],
          // English, whatever the machine's locale: the line is compared with the English catalog.
          { cwd: root, env: { ...process.env, LC_ALL: 'C.UTF-8' }, encoding: 'utf8', timeout: 60_000 },
        );
      });
      expect(z.number().parse(db.kv.get('held', z.number()))).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([en.cliErrors.profileBusy]);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
    } finally {
      await app.close();
    }
  }, 90_000);

  it('a group command’s failure: the app’s sentence, not the group service’s English', async () => {
    const dir = profiles.make();
    await createAccount(dir, 'Ann');
    const unknown = `03${'cd'.repeat(32)}`;
    for (const args of [
      ['group', 'members', unknown],
      ['send', unknown, 'hi'],
    ]) {
      const c = capture();
      expect(await runCli(['--profile', dir, '--network', 'http://127.0.0.1:9/', ...args], c.io)).toBe(2);
      expect(c.err).toEqual([en.groups.errors['unknown-group']]);
      expect(c.out).toEqual([]);
    }
  }, 60_000);

  it('no account, an empty message, an unknown message or conversation: the catalog’s sentences', async () => {
    const run = async (dir: string, ...args: string[]) => {
      const c = capture();
      const code = await runCli(['--profile', dir, '--network', 'http://127.0.0.1:9/', ...args], c.io);
      return { code, out: c.out, err: c.err };
    };
    const peer = `05${'ab'.repeat(32)}`;
    const empty = profiles.make();
    expect(await run(empty, 'history', peer, '--json')).toEqual({
      code: 2,
      out: [],
      err: [en.cliErrors.noAccount],
    });
    const dir = profiles.make();
    await createAccount(dir, 'Ann');
    expect(await run(dir, 'send', peer, '  ')).toEqual({
      code: 2,
      out: [],
      err: [en.cliErrors.emptyMessage],
    });
    const id = '0190a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b';
    expect((await run(dir, 'delete', id)).err).toEqual([en.cliErrors.unknownMessage.replace('{{id}}', id)]);
    expect((await run(dir, 'history', peer, '--json')).err).toEqual([
      en.cliErrors.unknownConversation.replace('{{id}}', peer),
    ]);
  }, 90_000);
});
