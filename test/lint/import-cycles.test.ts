/**
 * No import circle in the app's code, type imports included (issue #15 item 2). ESLint's
 * `import/no-cycle` skips `import type`, yet a circle of types still ties two modules together
 * (core.ts ↔ avatar-handlers.ts was one): this walks the real import graph of src/ instead.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** Every local import of every file under `dir`, as a graph of absolute paths. */
export function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)]
      .map((m) => (m[1] === undefined ? undefined : resolveImport(file, m[1])))
      .filter((t): t is string => t !== undefined);
    graph.set(file, targets);
  }
  return graph;
}

/** The circles of the graph (each reported once, from its first file met). */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  const path: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    if (done.has(node)) return;
    const at = onPath.get(node);
    if (at !== undefined) {
      found.push([...path.slice(at), node]);
      return;
    }
    onPath.set(node, path.length);
    path.push(node);
    for (const next of graph.get(node) ?? []) visit(next);
    path.pop();
    onPath.delete(node);
    done.add(node);
  };
  for (const node of graph.keys()) visit(node);
  return found;
}

const show = (cycle: string[]) => cycle.map((f) => relative(ROOT, f)).join(' → ');

describe('import cycles', () => {
  it('finds a circle through type imports (the probe of this test)', () => {
    const a = join(ROOT, 'a.ts');
    const b = join(ROOT, 'b.ts');
    const graph = new Map([
      [a, [b]],
      [b, [a]],
    ]);
    expect(cyclesOf(graph).map(show)).toEqual(['a.ts → b.ts → a.ts']);
    expect(
      [..."import type { X } from './b';\nexport { y } from '../c';\n".matchAll(IMPORT)].map((m) => m[1]),
    ).toEqual(['./b', '../c']);
  });

  // devnet too: it is its own program, with the same rule.
  for (const layer of [
    'src/main',
    'src/shared',
    'src/swarm',
    'src/onion',
    'src/crypto',
    'src/renderer',
    'devnet',
  ]) {
    it(`${layer} has none, type imports included`, () => {
      expect(cyclesOf(importGraph(join(ROOT, layer))).map(show)).toEqual([]);
    });
  }
});
