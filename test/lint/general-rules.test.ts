import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';

// Rules that need files on disk and type information (the layering rules are proven in memory,
// in layering-rules.test.ts): this proves that they bite.
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

describe('lint', () => {
  it('fails on an explicit any and a floating promise', async () => {
    const messages = await lintProbe(
      'src/main/zz-lint-probe.ts',
      'export function f(x: any): void {\n  Promise.resolve(x);\n}\n',
    );
    expect(messages.some((m) => m.startsWith('@typescript-eslint/no-explicit-any'))).toBe(true);
    expect(messages.some((m) => m.startsWith('@typescript-eslint/no-floating-promises'))).toBe(true);
    // The first type-checked lint builds the whole program: 33 s at load 12 (a fresh clone's
    // `npm test` beside other work), past the unit tests' 30 s.
  }, 120_000);

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

  it('runs on every folder of code, with the type-checked and the layering rules', async () => {
    // `npm run lint` (run by `npm test`) lints the whole repository; nothing may fall out of it.
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.lint).toBe('eslint --max-warnings 0 .');
    const eslint = new ESLint({ cwd: process.cwd() });
    const isError = (rule: unknown): boolean => {
      const level: unknown = Array.isArray(rule) ? rule[0] : rule;
      return level === 2 || level === 'error';
    };
    for (const file of [
      'src/main/version.ts',
      'src/renderer/App.tsx',
      'src/crypto/bytes.ts',
      'devnet/index.ts',
      'devnet/rpc/dispatch.ts',
      'test/lint/general-rules.test.ts',
      'bench/run.ts',
    ]) {
      expect(await eslint.isPathIgnored(file), file).toBe(false);
      const config = (await eslint.calculateConfigForFile(file)) as { rules: Record<string, unknown> };
      for (const rule of [
        '@typescript-eslint/no-floating-promises',
        '@typescript-eslint/no-explicit-any',
        'import/no-restricted-paths',
        'import/no-cycle',
      ])
        expect(isError(config.rules[rule]), `${file}: ${rule}`).toBe(true);
    }
    // The scripts are plain JavaScript: linted too, without type information.
    expect(await eslint.isPathIgnored('scripts/test.mjs')).toBe(false);
  });
});
