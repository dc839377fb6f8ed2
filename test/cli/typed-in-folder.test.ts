import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typedInFolder } from '../../src/main/cli/main';

const ROOT = join(__dirname, '..', '..');

describe('relative paths typed with `npm run veil -- …`', () => {
  it('mean the folder the command was typed in (INIT_CWD), only under `npm run veil`', () => {
    expect(typedInFolder({ npm_lifecycle_event: 'veil', INIT_CWD: '/home/u/photos' })).toBe('/home/u/photos');
    // `npm test` and direct runs (tsx src/main/cli/main.ts) keep their own working folder.
    expect(typedInFolder({ npm_lifecycle_event: 'test', INIT_CWD: '/home/u' })).toBeUndefined();
    expect(typedInFolder({ npm_lifecycle_event: 'veil' })).toBeUndefined();
    expect(typedInFolder({})).toBeUndefined();
  });

  it('also under `npm start` (its browser host is this entry) and `npm run devnet` (--data DIR)', () => {
    // Found by the newcomer check: `npm --prefix REPO start -- --profile ./bob` printed
    // "Profile: REPO/bob", a profile beside the sources, while the same `./bob` given to
    // `npm run veil` meant the folder it was typed in: the app opened an empty profile.
    expect(typedInFolder({ npm_lifecycle_event: 'start', INIT_CWD: '/home/u/chat' })).toBe('/home/u/chat');
    expect(typedInFolder({ npm_lifecycle_event: 'devnet', INIT_CWD: '/home/u/net' })).toBe('/home/u/net');
    expect(typedInFolder({ npm_lifecycle_event: 'bench', INIT_CWD: '/home/u' })).toBeUndefined();
  });

  it('a profile given as ./name from another folder is made there, not in the repository', () => {
    const here = mkdtempSync(join(tmpdir(), 'veil-typed-in-'));
    const name = `p-${process.pid}-${Date.now()}`;
    try {
      // As a user types it: npm finds the project with --prefix, and sets INIT_CWD to `here`.
      const env = { ...process.env };
      delete env.INIT_CWD;
      delete env.npm_lifecycle_event;
      const r = spawnSync(
        'npm',
        [
          '--prefix',
          ROOT,
          'run',
          '-s',
          'veil',
          '--',
          '--profile',
          `./${name}`,
          'account',
          'create',
          '--name',
          'Zoé',
          '--json',
        ],
        { cwd: here, env, encoding: 'utf8', timeout: 60_000 },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout.trim())).toMatchObject({ displayName: 'Zoé' });
      expect(existsSync(join(here, name, 'account.json'))).toBe(true);
      expect(existsSync(join(ROOT, name))).toBe(false);
    } finally {
      rmSync(here, { recursive: true, force: true });
      rmSync(join(ROOT, name), { recursive: true, force: true });
    }
  });
});
