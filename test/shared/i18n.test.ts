import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { catalogs, i18nextResources, pickLanguage, withPluralFallbacks } from '../../src/shared/i18n';

type Tree = { readonly [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  const en = flatten(catalogs.en);
  const fr = flatten(catalogs.fr);

  it('have exactly the same keys in English and French', () => {
    expect([...fr.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !fr.has(k))).toEqual([]);
  });

  it('have no empty string and the same placeholders in both languages', () => {
    for (const [key, value] of en) {
      expect(value.trim(), key).not.toBe('');
      expect(fr.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(fr.get(key) ?? ''), key).toEqual(placeholders(value));
    }
  });

  it('pick French for French systems and English otherwise', () => {
    expect(pickLanguage(['fr-CA', 'en-US'])).toBe('fr');
    expect(pickLanguage(['fr'])).toBe('fr');
    expect(pickLanguage(['de-DE', 'en-GB'])).toBe('en');
    expect(pickLanguage(['es'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});

/** User-visible attributes that must come from the catalog. */
const TEXT_ATTRIBUTES = new Set([
  'aria-label',
  'title',
  'placeholder',
  'alt',
  'label',
  'aria-description',
  'aria-placeholder',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.tsx') ? [full] : [];
  });
}

/** Finds JSX text and user-facing string attributes written in a component instead of the catalog. */
export function findHardCodedStrings(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && /\p{L}/u.test(node.text)) found.push(node.text.trim());
    if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(file)) && node.initializer) {
      const init = node.initializer;
      const literal = ts.isStringLiteral(init)
        ? init
        : ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression)
          ? init.expression
          : undefined;
      if (literal && /\p{L}/u.test(literal.text)) found.push(`${node.name.getText(file)}="${literal.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('components', () => {
  it('write no user-facing text of their own: all of it comes from the catalog', () => {
    const offenders = sourceFiles(join(process.cwd(), 'src/renderer')).flatMap((f) =>
      findHardCodedStrings(f, readFileSync(f, 'utf8')).map((s) => `${f}: ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the scanner does catch hard-coded text and attributes', () => {
    const src = 'export const A = () => <div title="Hello" aria-label={"Close"}><p>Send</p>{t("ok")}</div>;';
    expect(findHardCodedStrings('a.tsx', src)).toEqual(['title="Hello"', 'aria-label="Close"', 'Send']);
    expect(findHardCodedStrings('b.tsx', 'export const B = () => <p className="x">{t("k")} · </p>;')).toEqual(
      [],
    );
  });
});

/**
 * Every counted string, with what it must say for 0, 1 and 2 in each language (French puts 0 in
 * the singular). Adding a `{{count}}` string without plural keys, or plural keys not listed here,
 * fails the structural test below.
 */
const COUNTED: Record<string, { params?: Record<string, number>; en: string[]; fr: string[] }> = {
  'messaging.disappearing.seconds': {
    en: ['0 seconds', '1 second', '2 seconds'],
    fr: ['0\u00a0seconde', '1\u00a0seconde', '2\u00a0secondes'],
  },
  'messaging.unread': {
    en: ['0 unread messages', '1 unread message', '2 unread messages'],
    fr: ['0 message non lu', '1 message non lu', '2 messages non lus'],
  },
  'communities.members': {
    en: ['0 active', '1 active', '2 active'],
    fr: ['0 actif', '1 actif', '2 actifs'],
  },
  'groupChat.members': {
    en: ['0 members', '1 member', '2 members'],
    fr: ['0 membre', '1 membre', '2 membres'],
  },
  'groups.memberCount': {
    en: ['0 members', '1 member', '2 members'],
    fr: ['0 membre', '1 membre', '2 membres'],
  },
  'communities.unread': {
    en: ['0 unread posts', '1 unread post', '2 unread posts'],
    fr: ['0 message non lu', '1 message non lu', '2 messages non lus'],
  },
  'notifications.count': {
    en: ['0 new messages', '1 new message', '2 new messages'],
    fr: ['0 nouveau message', '1 nouveau message', '2 nouveaux messages'],
  },
  'onboarding.restoreProgress': {
    params: { total: 13 },
    en: ['0 of 13 words', '1 of 13 words', '2 of 13 words'],
    fr: ['0 mot sur 13', '1 mot sur 13', '2 mots sur 13'],
  },
  'storage.fileCount': {
    en: ['0 files', '1 file', '2 files'],
    fr: ['0 fichier', '1 fichier', '2 fichiers'],
  },
  'network.poolSize': {
    en: ['0 nodes', '1 node', '2 nodes'],
    fr: ['0 nœud', '1 nœud', '2 nœuds'],
  },
  'reasons.phrase.word-count': {
    params: { expected: 13 },
    en: [0, 1, 2].map(
      (n) => `Your recovery password has ${n} word${n === 1 ? '' : 's'}; it needs exactly 13.`,
    ),
    fr: ['0 mot', '1 mot', '2 mots'].map(
      (w) => `Votre mot de passe de récupération compte ${w}\u202f; il en faut exactement 13.`,
    ),
  },
};

/** `{{count}}` strings whose number governs no word (a number in parentheses, a ratio). */
const COUNT_WITHOUT_NOUN = new Set(['messaging.requestsCount']);

describe('counted strings', () => {
  const en = flatten(catalogs.en);
  const fr = flatten(catalogs.fr);
  const t = i18next.createInstance();
  const ready = t.init({
    lng: 'en',
    resources: i18nextResources(),
    interpolation: { escapeValue: false },
    returnNull: false,
  });

  it('are plural keys (_one and _other) in both catalogs, each one listed and checked below', () => {
    const bases = new Set<string>();
    for (const [key, value] of en) {
      const plural = /^(.*)_(one|other)$/.exec(key);
      if (plural) bases.add(plural[1]!);
      else if (value.includes('{{count}}'))
        expect(COUNT_WITHOUT_NOUN, `${key} needs _one/_other`).toContain(key);
    }
    for (const [key, value] of fr)
      if (!/_(one|other)$/.test(key) && value.includes('{{count}}'))
        expect(COUNT_WITHOUT_NOUN, `${key} needs _one/_other`).toContain(key);
    for (const base of bases)
      for (const form of ['one', 'other'])
        for (const [lang, cat] of [
          ['en', en],
          ['fr', fr],
        ] as const)
          expect(cat.has(`${base}_${form}`), `${lang} ${base}_${form}`).toBe(true);
    expect([...bases].sort()).toEqual(Object.keys(COUNTED).sort());
  });

  it('agree with 0, 1 and 2 in English and French, as the renderer renders them', async () => {
    await ready;
    for (const [key, { params, ...expected }] of Object.entries(COUNTED))
      for (const lng of ['en', 'fr'] as const)
        expect(
          [0, 1, 2].map((count) => t.t(key, { ...params, count, lng })),
          `${lng} ${key}`,
        ).toEqual(expected[lng]);
  });

  it('stay French for numbers in French’s “many” category (1 000 000)', async () => {
    await ready;
    expect(t.t('messaging.unread', { count: 1_000_000, lng: 'fr' })).toBe('1000000 messages non lus');
    expect(t.t('notifications.count', { count: 2_000_000, lng: 'fr' })).toBe('2000000 nouveaux messages');
    expect(withPluralFallbacks({ a: { x_one: '1', x_other: 'n', y_other: 'y', y_many: 'm' } })).toEqual({
      a: { x_one: '1', x_other: 'n', x_many: 'n', y_other: 'y', y_many: 'm' },
    });
  });
});
