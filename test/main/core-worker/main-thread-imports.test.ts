/**
 * Electron's main thread unwraps the profile's key itself now (core-worker/keychain-host.ts),
 * with code from src/main/keys. It must still never load libsodium (a megabyte of script and a
 * WebAssembly compile on the cold start's path, all of it the core's business): the keys
 * modules it uses are the ones that leave libsodium out.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
/** Imports that load code at run time: `import type` / `export type` load nothing. */
const VALUE_IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'/g;

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return spec; // a package: kept by name
  const base = resolve(dirname(from), spec);
  return [base, `${base}.ts`, join(base, 'index.ts')].find((c) => existsSync(c) && statSync(c).isFile());
}

/** What `entry` loads, transitively, with the chain that brought each module in. */
function loaded(entry: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (!file.endsWith('.ts')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(VALUE_IMPORT)) {
      const spec = m[1] ?? m[2];
      const target = spec === undefined ? undefined : resolveImport(file, spec);
      if (target === undefined || chains.has(target)) continue;
      chains.set(target, [...(chains.get(file) ?? []), target]);
      queue.push(target);
    }
  }
  return chains;
}

const SODIUM = join(ROOT, 'src/crypto/sodium.ts');
const show = (chain: string[]) => chain.map((f) => relative(ROOT, f)).join(' → ');

describe("Electron main thread's imports", () => {
  it('the walk sees libsodium where it is loaded (the probe of this test)', () => {
    const protection = loaded(join(ROOT, 'src/main/keys/keychain-protection.ts'));
    expect(protection.has(SODIUM)).toBe(true);
    expect(protection.has('libsodium-wrappers-sumo')).toBe(true);
  });

  it('main.ts reaches the key handover but never libsodium', () => {
    const main = loaded(join(ROOT, 'src/main/electron/main.ts'));
    expect(main.has(join(ROOT, 'src/main/core-worker/keychain-host.ts'))).toBe(true);
    const sodium = [SODIUM, 'libsodium-wrappers-sumo'].flatMap((m) => {
      const chain = main.get(m);
      return chain ? [show(chain)] : [];
    });
    expect(sodium).toEqual([]);
  });
});
