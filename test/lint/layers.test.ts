import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';

// Lint is the guard of the one-way imports; this proves that it bites.
const probes: string[] = [];
afterEach(() => {
  for (const p of probes.splice(0)) rmSync(p, { force: true });
});

async function lintProbe(relativePath: string, code: string): Promise<string[]> {
  const full = join(process.cwd(), relativePath);
  probes.push(full);
  writeFileSync(full, code);
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintFiles([full]);
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('layering lint', () => {
  it('fails when pure crypto imports node:fs', async () => {
    const messages = await lintProbe(
      'src/crypto/zz-lint-probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    );
    expect(messages.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('fails when the onion layer imports electron or the swarm layer', async () => {
    const messages = await lintProbe(
      'src/onion/zz-lint-probe.ts',
      "import { app } from 'electron';\nimport * as s from '../swarm/swarm-space';\nexport const x = [app, s];\n",
    );
    expect(messages.some((m) => m.startsWith('no-restricted-imports'))).toBe(true);
    expect(messages.some((m) => m.startsWith('import/no-restricted-paths'))).toBe(true);
  });

  it('fails when the renderer imports main code', async () => {
    const messages = await lintProbe(
      'src/renderer/zz-lint-probe.ts',
      "import { VeilCore } from '../main/core/core';\nexport const x = VeilCore;\n",
    );
    expect(messages.some((m) => m.startsWith('import/no-restricted-paths'))).toBe(true);
  });

  it('fails on an explicit any and a floating promise', async () => {
    const messages = await lintProbe(
      'src/main/zz-lint-probe.ts',
      'export function f(x: any): void {\n  Promise.resolve(x);\n}\n',
    );
    expect(messages.some((m) => m.startsWith('@typescript-eslint/no-explicit-any'))).toBe(true);
    expect(messages.some((m) => m.startsWith('@typescript-eslint/no-floating-promises'))).toBe(true);
  });

  it('fails on an import cycle', async () => {
    const other = join(process.cwd(), 'src/crypto/zz-lint-probe-b.ts');
    probes.push(other);
    writeFileSync(other, "import { a } from './zz-lint-probe';\nexport const b = (): number => a();\n");
    const messages = await lintProbe(
      'src/crypto/zz-lint-probe.ts',
      "import { b } from './zz-lint-probe-b';\nexport const a = (): number => b();\n",
    );
    expect(messages.some((m) => m.startsWith('import/no-cycle'))).toBe(true);
  });

  it('accepts the allowed direction (main → swarm → onion → crypto)', async () => {
    const messages = await lintProbe(
      'src/main/zz-lint-probe.ts',
      "import { toHex } from '../crypto/bytes';\nexport const x = toHex;\n",
    );
    expect(messages).toEqual([]);
  });
});
