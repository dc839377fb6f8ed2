import { beforeAll, describe, expect, it } from 'vitest';
import { sodiumReady } from '../../src/crypto/sodium';
import { AccountService } from '../../src/main/account/account-service';
import { runVeil } from './helpers';
import { tempDir } from '../helpers/temp-dir';

beforeAll(async () => {
  await sodiumReady();
});

const profile = () => tempDir('veil-cli-');

describe('veil account', () => {
  it('create → show → restore in a second profile gives the same Session ID', async () => {
    const a = profile();
    const created = await runVeil(['--profile', a, 'account', 'create', '--name', 'Alice', '--json']);
    expect(created).toMatchObject({ code: 0, err: [] });
    expect(created.out).toHaveLength(1);
    const c = JSON.parse(created.out[0]!) as Record<string, string>;
    expect(Object.keys(c)).toEqual(['sessionId', 'mnemonic', 'displayName']);
    expect(c.displayName).toBe('Alice');

    const shown = await runVeil(['--profile', a, 'account', 'show', '--json']);
    expect(shown.code).toBe(0);
    const s = JSON.parse(shown.out[0]!) as Record<string, string>;
    expect(Object.keys(s)).toEqual(['sessionId', 'displayName', 'ed25519PublicKey', 'protection']);
    expect(s).toMatchObject({ sessionId: c.sessionId, displayName: 'Alice', protection: 'key-file' });

    const b = profile();
    const restored = await runVeil(
      ['--profile', b, 'account', 'restore', '--name', 'Alice', '--json'],
      c.mnemonic,
    );
    expect(restored).toMatchObject({ code: 0, err: [] });
    expect(restored.out).toEqual([JSON.stringify({ sessionId: c.sessionId, displayName: 'Alice' })]);

    const shownB = await runVeil(['--profile', b, 'account', 'show', '--json']);
    expect(JSON.parse(shownB.out[0]!)).toEqual(s);
  });

  it('restores without a name (displayName null) and prints readable lines without --json', async () => {
    const dir = profile();
    const phrase = new AccountService(profile()).create('x').mnemonic;
    const r = await runVeil(['--profile', dir, 'account', 'restore'], phrase);
    expect(r.code).toBe(0);
    expect(r.out[1]).toBe('Display name: (not set)');
    const j = await runVeil(['--profile', dir, 'account', 'show', '--json']);
    expect(JSON.parse(j.out[0]!)).toMatchObject({ displayName: null });
    const text = await runVeil(['--profile', dir, 'account', 'show']);
    expect(text.out.map((l) => l.split(':')[0])).toEqual([
      'Session ID',
      'Display name',
      'Ed25519 public key',
      'Keys protected by',
    ]);
  });

  it.each([
    [['account', 'create', '--name', '   ', '--json'], '', 'the display name is empty'],
    [['account', 'create', '--name', 'x'.repeat(101), '--json'], '', 'at most 100'],
    [['account', 'show', '--json'], '', 'there is no account in this profile yet'],
    [['account', 'set-name', '  ', '--json'], '', 'the display name is empty'],
    [['account', 'set-name', 'é'.repeat(101), '--json'], '', 'at most 100'],
    [['account', 'set-name', 'Alice', '--json'], '', 'there is no account in this profile yet'],
    [
      ['account', 'restore', '--json'],
      'abbey abbey abbey',
      'Your recovery password has 3 words; it needs exactly 13.',
    ],
  ])('%j fails with exit 2 and one line on stderr', async (argv, stdin, problem) => {
    const r = await runVeil(['--profile', profile(), ...argv], stdin);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain(problem);
  });

  it('set-name changes the name of the profile (one JSON line, keys in order)', async () => {
    const dir = profile();
    const c = await runVeil(['--profile', dir, 'account', 'create', '--name', 'Alice', '--json']);
    const sessionId = (JSON.parse(c.out[0]!) as { sessionId: string }).sessionId;
    const r = await runVeil(['--profile', dir, 'account', 'set-name', '  Alice Dupont ', '--json']);
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out).toEqual([JSON.stringify({ sessionId, displayName: 'Alice Dupont' })]);
    const shown = await runVeil(['--profile', dir, 'account', 'show', '--json']);
    expect(JSON.parse(shown.out[0]!)).toMatchObject({ displayName: 'Alice Dupont' });
  });

  it('refuses to create a second account in the same profile', async () => {
    const dir = profile();
    expect((await runVeil(['--profile', dir, 'account', 'create', '--name', 'A'])).code).toBe(0);
    const again = await runVeil(['--profile', dir, 'account', 'create', '--name', 'B', '--json']);
    expect(again).toMatchObject({ code: 2, out: [], err: ['this profile already has an account'] });
  });

  it('exits 2 (not the process) when --name is missing', async () => {
    const r = await runVeil(['--profile', profile(), 'account', 'create', '--json']);
    expect(r.code).toBe(2);
    expect(r.err[0]).toContain('--name');
  });
});
