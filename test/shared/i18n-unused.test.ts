import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../src/shared/i18n';

/**
 * A catalog string nothing shows is a translation to keep up for nobody, and often a feature that
 * was taken out half-way. This finds the keys no source file names.
 *
 * How the code names a key, and how each way is recognised:
 * 1. a string literal holding the whole key: `t('messaging.reply')`, `what: 'shortcuts.search'`;
 * 2. a template literal built from a value: `t(\`messaging.status.${status}\`)`. Each `${…}` stands
 *    for one key segment (or part of one) — unless NARROWED below says which values it takes;
 * 3. a section handed as an object to the main process (`catalogs[lang].appMenu`,
 *    `Catalog['launch']`): its strings are read as properties (`text.quit`);
 * 4. a failure reason sent by the core (`reason: 'sessionId.bad-length'`) that the renderer shows
 *    as `reasons.<reason>`: a `reasons.*` key is used when its reason is.
 */

type Tree = { readonly [k: string]: string | Tree };

const PLURAL = /_(zero|one|two|few|many|other)$/;

function leafKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : leafKeys(v, `${prefix}${k}.`),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/**
 * Templates whose value is not any segment but one of a few, among sibling keys that are written
 * out in full: the pattern stops them from covering those siblings.
 */
const NARROWED: Readonly<Record<string, RegExp>> = {
  // SETTINGS_PAGES in src/renderer/store.ts: the Settings menu's titles and hints.
  'settings.${p}':
    /^settings\.(account|recovery|privacy|network|storage|portability|appearance|language|about)$/,
  'settings.${p}Hint':
    /^settings\.(account|recovery|privacy|network|storage|portability|appearance|language|about)Hint$/,
  // The avatar card's states (`Status` in AvatarCard.tsx), next to its labels and errors.
  'avatar.${status.kind}': /^avatar\.(idle|busy|updated|removed|error)$/,
};

const escape = (s: string) => s.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');

/** The keys a template may produce: each `${…}` is part of one segment. */
function templatePattern(template: string): RegExp {
  return (
    NARROWED[template] ??
    new RegExp(
      `^${template
        .split(/\$\{[^}]*\}/)
        .map(escape)
        .join('[\\w-]+')}$`,
    )
  );
}

interface SourceUse {
  readonly literals: ReadonlySet<string>;
  readonly templates: readonly RegExp[];
  readonly objectSections: ReadonlySet<string>;
  readonly bound: readonly { readonly name: string; readonly path: string }[];
  readonly text: string;
}

function scan(text: string): SourceUse {
  const literals = new Set([...text.matchAll(/(['"`])([A-Za-z][\w-]*(?:\.[\w-]+)+)\1/g)].map((m) => m[2]!));
  const templates = [...text.matchAll(/`([A-Za-z][\w-]*\.[^`$]*(?:\$\{[^}`]*\}[^`$]*)+)`/g)].map((m) =>
    templatePattern(m[1]!),
  );
  const objectSections = new Set([
    ...[...text.matchAll(/catalogs\[[^\n]*?\]\.(\w+)/g)].map((m) => m[1]!),
    ...[...text.matchAll(/Catalog\['(\w+)'\]/g)].map((m) => m[1]!),
  ]);
  // A part of a catalog bound whole to a name (`const words = en.cliHost;`, or the command
  // line's `const said = io.words.cliHost;`). Its keys are used where the name reads them
  // (`said.profile`), or all of them where the name is indexed (`NAMES[kind]`).
  const bound = [
    ...text.matchAll(/(?:const|let)\s+(\w+)(?::[^=;]+)?\s*=\s*(?:en|(?:io\.)?words)\.([\w.]+);/g),
  ].map((m) => ({
    name: m[1]!,
    path: m[2]!,
  }));
  return { literals, templates, objectSections, bound, text };
}

function isUsed(key: string, use: SourceUse): boolean {
  if (use.literals.has(key) || use.templates.some((t) => t.test(key))) return true;
  // A path read off the whole catalog: `text.tray.open`.
  if (use.text.includes(`.${key}`)) return true;
  // Its section indexed by a value (`words.cliErrors.queued[kind]`): every key of it.
  const parent = key.slice(0, key.lastIndexOf('.'));
  if (parent !== '' && use.text.includes(`.${parent}[`)) return true;
  const [section, ...rest] = key.split('.');
  if (section !== undefined && use.objectSections.has(section) && rest.length === 1) {
    if (new RegExp(`\\.${escape(rest[0]!)}\\b`).test(use.text)) return true;
  }
  for (const { name, path } of use.bound) {
    if (!key.startsWith(`${path}.`)) continue;
    const under = key.slice(path.length + 1);
    if (new RegExp(`\\b${escape(name)}(?:\\.${escape(under)}\\b|\\[)`).test(use.text)) return true;
    // A section under the bound name indexed by a value (`said.status[g.status]`): its keys.
    const inner = under.slice(0, Math.max(0, under.lastIndexOf('.')));
    if (inner !== '' && use.text.includes(`${name}.${inner}[`)) return true;
  }
  if (section === 'reasons' && rest.length > 0) return isUsed(rest.join('.'), use);
  return false;
}

/** Catalog keys (plural forms folded into their base key) that no source file names. */
export function unusedKeys(catalog: Tree, sourceText: string): string[] {
  const use = scan(sourceText);
  const keys = [...new Set(leafKeys(catalog).map((k) => k.replace(PLURAL, '')))];
  return keys.filter((k) => !isUsed(k, use));
}

/**
 * Strings written ahead of the feature that shows them, by work in progress in another area. Each
 * leaves this list when its feature lands (the test fails once one is used, to keep it short).
 */
const AWAITING_USE: readonly string[] = [
  // Community rooms and private messages through a community (issue #19, community-dms).
  'communities.message',
  'communities.roomImage',
  'communities.requests',
  'communities.dmTitle',
  'communities.dmComposer',
];

describe('catalog keys', () => {
  it('are each used by some source file', () => {
    const root = join(process.cwd(), 'src');
    const text = sourceFiles(root)
      .filter((f) => !/[/\\]i18n[/\\](en|fr)\.ts$/.test(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const unused = unusedKeys(catalogs.en, text);
    expect(unused.filter((k) => !AWAITING_USE.includes(k))).toEqual([]);
    // A key used at last, or gone, leaves the list.
    expect(AWAITING_USE.filter((k) => !unused.includes(k))).toEqual([]);
  });

  it('the finder sees every way a key is named, and nothing else', () => {
    const catalog: Tree = {
      a: { plain: 'x', dyn: { one: 'x', two: 'x' }, count_one: 'x', count_other: 'x', dead: 'x' },
      settings: { account: 'x', accountHint: 'x', shortcutZoom: 'x' },
      appMenu: { quit: 'x', gone: 'x' },
      reasons: { sessionId: { short: 'x', never: 'x' } },
      cliOut: { group: { status: { joined: 'x', left: 'x' }, admin: 'x', gone: 'x' } },
    };
    const source = [
      "t('a.plain'); t('a.count', { count });",
      't(`a.dyn.${k}`);',
      't(`settings.${p}`); t(`settings.${p}Hint`);',
      'const text = catalogs[lang].appMenu; text.quit;',
      'reason: `sessionId.${kind}` // kind: "short"',
      'const said = io.words.cliOut.group; said.admin; said.status[g.status];',
    ].join('\n');
    expect(unusedKeys(catalog, source)).toEqual([
      'a.dead',
      'settings.shortcutZoom',
      'appMenu.gone',
      'cliOut.group.gone',
    ]);
  });
});
