/**
 * What the command line prints for people, as real processes: under LANG=fr_FR.UTF-8 its `--help`
 * (global and per command) and its ordinary lines are the French catalog's, under LANG=C the
 * English one's; the IDs, phrases and numbers in them are the same either way.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { en } from '../../../src/shared/i18n/en';
import { fr } from '../../../src/shared/i18n/fr';
import type { Catalog } from '../../../src/shared/i18n';
import { tempProfiles } from '../../cli/helpers';
import { parseErrorWords } from '../../../src/main/cli/parse-words';
import { veilProcess, type VeilRun } from './veil-process';

const profiles = tempProfiles('veil-cli-lang-out-');
afterAll(() => {
  profiles.removeAll();
});

/** `veil …args` as its own process under `LANG=lang`. */
const veil = (lang: string, args: readonly string[], stdin = ''): Promise<VeilRun> =>
  veilProcess({ LANG: lang }, args, stdin);

/** A catalog line as a pattern: its {{placeholders}} stand for anything. */
function linePattern(template: string): RegExp {
  const parts = template.split(/\{\{\w+\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('(.+)')}$`);
}

/** Help text as words: commander wraps it at any space, so spaces of any kind count as one. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

const LANGUAGES: readonly (readonly [string, Catalog])[] = [
  ['fr_FR.UTF-8', fr],
  ['C', en],
];

describe('what the CLI prints for people follows the locale', () => {
  it('--help, global and per command, in French and in English', async () => {
    for (const [lang, words] of LANGUAGES) {
      const [global, group, send] = await Promise.all([
        veil(lang, ['--help']),
        veil(lang, ['group', '--help']),
        veil(lang, ['send', '--help']),
      ]);
      for (const run of [global, group, send]) {
        expect(run.code).toBe(0);
        expect(run.err).toBe('');
      }
      const h = words.cliHelp;
      expect(global.out.startsWith(`${h.usage} veil [options] [command]`)).toBe(true);
      for (const said of [h.options, h.commands, h.version, h.profile, h.send.description, h.group.list])
        expect(flat(global.out)).toContain(flat(said));
      for (const said of [h.group.create, h.group.accept, h.group.leave])
        expect(flat(group.out)).toContain(flat(said));
      for (const said of [h.send.description, h.send.to, h.send.attach, h.timeout, h.help])
        expect(flat(send.out)).toContain(flat(said));
      // Option names stay as typed, and a default keeps its value in the catalog's words.
      expect(send.out).toContain('--reply-to <messageId>');
      expect(flat(send.out)).toContain(flat(`(${h.defaultValue.replace('{{value}}', '60')})`));
    }
    expect(fr.cliHelp.send.description).not.toBe(en.cliHelp.send.description);
  }, 180_000);

  it('an identity, an account and an export said in French and in English, the same fields', async () => {
    for (const [lang, words] of LANGUAGES) {
      const said = words.cliOut;
      const id = await veil(lang, ['id', 'new']);
      expect(id.code).toBe(0);
      const idLines = id.out.trimEnd().split('\n');
      expect(idLines).toHaveLength(3);
      expect(idLines[0]).toMatch(linePattern(said.sessionId));
      expect(linePattern(said.sessionId).exec(idLines[0]!)?.[1]).toMatch(/^05[0-9a-f]{64}$/);
      expect(linePattern(said.recoveryPhrase).exec(idLines[1]!)?.[1]?.split(' ')).toHaveLength(13);
      expect(idLines[2]).toMatch(linePattern(said.ed25519PublicKey));

      const dir = profiles.make();
      const created = await veil(lang, ['--profile', dir, 'account', 'create', '--name', 'Ann']);
      expect(created.code, created.err).toBe(0);
      const lines = created.out.trimEnd().split('\n');
      expect(lines[1]).toBe(said.displayName.replace('{{name}}', 'Ann'));
      expect(lines[3]).toBe(said.writePhraseDown);

      const [shown, exported] = await Promise.all([
        veil(lang, ['--profile', dir, 'account', 'show']),
        veil(
          lang,
          ['--profile', dir, 'export', '--out', join(dir, 'ann.veil'), '--password-stdin'],
          'secret words\n',
        ),
      ]);
      expect(shown.code, shown.err).toBe(0);
      expect(shown.out.trimEnd().split('\n').at(-1)).toBe(
        said.keysProtectedBy.replace('{{protection}}', said.protection['key-file']),
      );
      expect(exported.code, exported.err).toBe(0);
      expect(exported.out.trimEnd()).toMatch(linePattern(said.exported));
      expect(exported.out).toContain(join(dir, 'ann.veil'));
    }
    expect(fr.cliOut.writePhraseDown).not.toBe(en.cliOut.writePhraseDown);
  }, 240_000);

  it('the parser’s refusals: commander’s own English under LANG=C, French under fr_FR', async () => {
    // `account` answers its own mistakes (its exitOverride): exit 2, as README says.
    const [frRun, enRun] = await Promise.all([
      veil('fr_FR.UTF-8', ['account', 'create']),
      veil('C', ['account', 'create']),
    ]);
    expect(frRun.code).toBe(2);
    expect(enRun.code).toBe(2);
    expect(frRun.out).toBe('');
    expect(frRun.err.split('\n')).toEqual([
      fr.cliParse.missingOption.replace('{{option}}', '--name <name>'),
      fr.cliHelp.afterError,
      '',
    ]);
    expect(enRun.err).toBe(
      `error: required option '--name <name>' not specified\n${en.cliHelp.afterError}\n`,
    );
  }, 120_000);

  it('says commander’s sentences in English exactly as commander does, and each in French', () => {
    const commander = [
      "error: unknown option '--nope'",
      "error: unknown command 'sendd'\n(Did you mean send?)",
      '(Did you mean one of send, search?)',
      "error: missing required argument 'groupId'",
      "error: option '--name <name>' argument missing",
      "error: required option '--name <name>' not specified",
      "error: option '--wait <seconds>' argument 'x' is invalid. a number",
      "error: command-argument value 'x' is invalid for argument 'postId'. a post id",
      'error: too many arguments. Expected 1 argument but got 3.',
      "error: too many arguments for 'new'. Expected 0 arguments but got 1.",
    ];
    for (const text of commander) {
      expect(parseErrorWords(en, text)).toBe(text);
      const said = parseErrorWords(fr, text);
      expect(said).not.toMatch(/\b(?:error|Did you mean|too many|missing|invalid|unknown|required)\b/);
    }
    // A sentence it does not know is left as commander wrote it.
    expect(parseErrorWords(fr, 'error: something new')).toBe('error: something new');
  });
});
