import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { catalogs, pickLanguage } from '../../src/shared/i18n';

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
