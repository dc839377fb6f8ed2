/**
 * The command line speaks the user's language, chosen as a POSIX program chooses it (LC_ALL, then
 * LC_MESSAGES, then LANG), while what scripts read (JSON, exit codes) stays the same in every one.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cliLanguage } from '../../../src/main/cli/language';
import { runCli } from '../../../src/main/cli/main';
import { en } from '../../../src/shared/i18n/en';
import { fr } from '../../../src/shared/i18n/fr';
import { capture, createAccount, tempProfiles } from '../../cli/helpers';
import { veilProcess } from './veil-process';

const profiles = tempProfiles('veil-cli-lang-');
afterAll(() => {
  profiles.removeAll();
});

describe('the language the CLI speaks', () => {
  it('is the first of LC_ALL, LC_MESSAGES, LANG that is set: fr… is French, anything else English', () => {
    expect(cliLanguage({ LANG: 'fr_FR.UTF-8' })).toBe('fr');
    expect(cliLanguage({ LANG: 'fr' })).toBe('fr');
    expect(cliLanguage({ LANG: 'fr_CA' })).toBe('fr');
    expect(cliLanguage({ LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(cliLanguage({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(cliLanguage({ LANG: 'C.UTF-8' })).toBe('en');
    expect(cliLanguage({})).toBe('en');
    // LC_ALL overrides everything, LC_MESSAGES overrides LANG.
    expect(cliLanguage({ LC_ALL: 'C', LC_MESSAGES: 'fr_FR', LANG: 'fr_FR' })).toBe('en');
    expect(cliLanguage({ LC_ALL: 'fr_FR.UTF-8', LANG: 'en_US.UTF-8' })).toBe('fr');
    expect(cliLanguage({ LC_MESSAGES: 'fr_BE', LANG: 'en_US' })).toBe('fr');
    expect(cliLanguage({ LC_MESSAGES: 'POSIX', LANG: 'fr_FR' })).toBe('en');
    // Set but empty is unset (POSIX).
    expect(cliLanguage({ LC_ALL: '', LC_MESSAGES: '', LANG: 'fr_FR' })).toBe('fr');
    // "fr" must be the language, not the start of another name.
    expect(cliLanguage({ LANG: 'fry_NL' })).toBe('en');
  });

  it('the same mistakes in English and in French: one line each, exit 2, JSON unchanged', async () => {
    const dir = profiles.make();
    await createAccount(dir, 'Ann');
    const peer = `05${'ab'.repeat(32)}`;
    for (const words of [en, fr]) {
      const run = async (...args: string[]) => {
        const c = capture('', words);
        const code = await runCli(['--profile', dir, '--network', 'http://127.0.0.1:9/', ...args], c.io);
        return { code, out: c.out, err: c.err };
      };
      expect(await run('send', peer, '  ')).toEqual({
        code: 2,
        out: [],
        err: [words.cliErrors.emptyMessage],
      });
      expect(await run('history', peer, '--json')).toEqual({
        code: 2,
        out: [],
        err: [words.cliErrors.unknownConversation.replace('{{id}}', peer)],
      });
      const shown = await run('account', 'show', '--json');
      expect(shown.code).toBe(0);
      expect(Object.keys(JSON.parse(shown.out[0] ?? '{}') as object)).toContain('sessionId');
    }
    expect(fr.cliErrors.emptyMessage).not.toBe(en.cliErrors.emptyMessage);
  }, 90_000);

  it('a real process under LANG=fr_FR.UTF-8: its error in French, its JSON as in English', async () => {
    const [frError, enError, frJson, enJson] = await Promise.all([
      veilProcess({ LANG: 'fr_FR.UTF-8' }, ['inspect', 'message']),
      veilProcess({ LANG: 'en_US.UTF-8', LC_ALL: 'C.UTF-8' }, ['inspect', 'message']),
      veilProcess({ LANG: 'fr_FR.UTF-8' }, ['id', 'new', '--json']),
      veilProcess({ LC_ALL: 'C.UTF-8' }, ['id', 'new', '--json']),
    ]);
    expect(frError).toEqual({ code: 2, out: '', err: `${fr.cliErrors.seedOrPhrase}\n` });
    expect(enError).toEqual({ code: 2, out: '', err: `${en.cliErrors.seedOrPhrase}\n` });
    for (const run of [frJson, enJson]) {
      expect(run.code).toBe(0);
      expect(run.err).toBe('');
      expect(run.out.trimEnd().split('\n')).toHaveLength(1);
    }
    const keys = (out: string) => Object.keys(JSON.parse(out) as object);
    expect(keys(frJson.out)).toEqual(['sessionId', 'mnemonic', 'ed25519PublicKey']);
    expect(keys(frJson.out)).toEqual(keys(enJson.out));
  }, 120_000);
});
