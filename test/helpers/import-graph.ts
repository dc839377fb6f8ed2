/**
 * The source files a module reaches by static value imports (relative ones), read from the
 * sources themselves: what a process evaluates as it starts, before any `import(…)` it defers.
 * Shared by the cold-start suites that keep a thread's start light (the page's entry, the host
 * of the core's worker, Electron's main process).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export const ROOT = process.cwd();

// Static imports and re-exports that are not type-only, and side-effect imports. `import(…)`
// (a deferred chunk) does not match: no space after `import`.
const VALUE_IMPORT = /(?:^|\n)\s*(?:import|export)\s(?!type\s)(?:[^;]*?from\s+)?'(\.{1,2}\/[^']+)'/g;

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
  return candidates.find((c) => /\.tsx?$/.test(c) && existsSync(c) && statSync(c).isFile());
}

/** The source files reached from `entries` by value imports, as paths from the repository. */
export function reached(...entries: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const name = relative(ROOT, file).split('\\').join('/');
    if (seen.has(name)) return;
    seen.add(name);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(VALUE_IMPORT)) {
      const target = m[1] === undefined ? undefined : resolveImport(file, m[1]);
      if (target !== undefined) visit(target);
    }
  };
  for (const entry of entries) visit(resolve(ROOT, entry));
  return seen;
}

/** Which of `files` import the package `name` itself (not a subpath) by a value import. */
export function importersOf(files: Iterable<string>, name: string): string[] {
  const pattern = new RegExp(`(?:^|\\n)\\s*import\\s(?!type\\s)[^;]*?from\\s+'${name}'`);
  return [...files].filter((f) => pattern.test(readFileSync(join(ROOT, f), 'utf8'))).sort();
}
