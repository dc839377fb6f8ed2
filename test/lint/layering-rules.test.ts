/**
 * Every row of DEVELOPERS.md's layering table, proven to be enforced: for each folder, an
 * in-memory file importing each other layer is linted with the project's real ESLint config
 * (only the layering rules run, without type information, which they do not need). Allowed
 * imports must lint clean; forbidden ones must be reported by the rule that guards them.
 */
import { dirname, join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const LAYERING_RULES = new Set([
  'import/no-restricted-paths',
  'no-restricted-imports',
  'no-restricted-globals',
]);

const eslint = new ESLint({
  cwd: process.cwd(),
  // The layering rules are syntactic: building the type-checked program would only cost time.
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ruleFilter: ({ ruleId }) => LAYERING_RULES.has(ruleId),
});

/** Lints `code` as if it were the file `file` (relative to the repository); returns rule: message. */
async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(process.cwd(), file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

/** One real module of each layer, for probes to import. */
const MODULE = {
  crypto: 'src/crypto/bytes.ts',
  onion: 'src/onion/framing.ts',
  swarm: 'src/swarm/message-hash.ts',
  main: 'src/main/version.ts',
  shared: 'src/shared/ipc/result.ts',
  renderer: 'src/renderer/bridge.ts',
  devnet: 'devnet/index.ts',
  test: 'test/vectors/files.ts',
  bench: 'bench/report.ts',
} as const;
type Layer = keyof typeof MODULE;

function specifier(fromFile: string, target: string): string {
  const rel = relative(dirname(fromFile), target).replace(/\.tsx?$/, '');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

const importOf = (fromFile: string, layer: Layer): string =>
  `import * as m from '${specifier(fromFile, MODULE[layer])}';\nexport const x = m;\n`;

/** The table: where a probe sits, and which layers it may import (any other is refused). */
const ROWS: { name: string; own: Layer; probe: string; may: readonly Layer[] }[] = [
  { name: 'src/crypto', own: 'crypto', probe: 'src/crypto/zz-layer-probe.ts', may: [] },
  { name: 'src/onion', own: 'onion', probe: 'src/onion/zz-layer-probe.ts', may: ['crypto'] },
  { name: 'src/swarm', own: 'swarm', probe: 'src/swarm/zz-layer-probe.ts', may: ['crypto', 'onion'] },
  {
    name: 'src/main (outside cli)',
    own: 'main',
    probe: 'src/main/core/zz-layer-probe.ts',
    may: ['crypto', 'onion', 'swarm', 'shared'],
  },
  {
    name: 'src/main (top level)',
    own: 'main',
    probe: 'src/main/zz-layer-probe.ts',
    may: ['crypto', 'onion', 'swarm', 'shared'],
  },
  {
    name: 'src/main/cli',
    own: 'main',
    probe: 'src/main/cli/zz-layer-probe.ts',
    may: ['crypto', 'onion', 'swarm', 'shared', 'devnet'],
  },
  { name: 'src/shared', own: 'shared', probe: 'src/shared/zz-layer-probe.ts', may: [] },
  { name: 'src/renderer', own: 'renderer', probe: 'src/renderer/zz-layer-probe.ts', may: ['shared'] },
  { name: 'devnet', own: 'devnet', probe: 'devnet/zz-layer-probe.ts', may: ['crypto', 'onion'] },
  {
    name: 'devnet (sub-folder)',
    own: 'devnet',
    probe: 'devnet/rpc/zz-layer-probe.ts',
    may: ['crypto', 'onion'],
  },
];

/** Layers a row is checked against (tests and benchmarks may import anything, so no row). */
const TARGETS: readonly Layer[] = ['crypto', 'onion', 'swarm', 'main', 'shared', 'renderer', 'devnet'];

describe.each(ROWS)('$name', ({ own, probe, may }) => {
  for (const layer of TARGETS.filter((l) => l !== own)) {
    if (may.includes(layer)) {
      it(`may import ${layer}`, async () => {
        expect(await lint(probe, importOf(probe, layer))).toEqual([]);
      });
    } else {
      it(`may not import ${layer}`, async () => {
        const messages = await lint(probe, importOf(probe, layer));
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(
          /^import\/no-restricted-paths: Unexpected path .* imported in restricted zone/,
        );
      });
    }
  }
});

describe('the app reaches the devnet only from the command line', () => {
  it('counts dynamic imports, re-exports and type-only imports too', async () => {
    const spec = '../../../devnet/index';
    const code =
      `export async function f(): Promise<unknown> {\n  return import('${spec}');\n}\n` +
      `export { startDevnet } from '${spec}';\nexport type { Devnet } from '${spec}';\n`;
    const messages = await lint('src/main/core/zz-layer-probe.ts', code);
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(m).toContain('Only src/main/cli may import the devnet');
  });
});

describe('devnet is an independent instrument', () => {
  it('may not import tests or benchmarks either', async () => {
    const probe = 'devnet/zz-layer-probe.ts';
    expect(await lint(probe, importOf(probe, 'test'))).toEqual([
      expect.stringMatching(/^import\/no-restricted-paths: .*devnet does not depend on tests/),
    ]);
  });

  it('names what it may use when it reaches for the client', async () => {
    const probe = 'devnet/rpc/zz-layer-probe.ts';
    expect(await lint(probe, importOf(probe, 'swarm'))).toEqual([
      expect.stringContaining('devnet may use src/crypto and src/onion only'),
    ]);
  });

  it('may use libraries and node (it is a server)', async () => {
    const code =
      "import { createServer } from 'node:https';\nimport Database from 'better-sqlite3-multiple-ciphers';\n" +
      "import { z } from 'zod';\nexport const x = [createServer, Database, z];\n";
    expect(await lint('devnet/zz-layer-probe.ts', code)).toEqual([]);
  });
});

describe('the app does not depend on tests or benchmarks', () => {
  const probes = [
    'src/crypto/zz-layer-probe.ts',
    'src/onion/zz-layer-probe.ts',
    'src/swarm/zz-layer-probe.ts',
    'src/shared/zz-layer-probe.ts',
    'src/main/core/zz-layer-probe.ts',
    'src/main/cli/zz-layer-probe.ts',
    'src/renderer/zz-layer-probe.ts',
  ];
  for (const probe of probes)
    it(`${probe.split('/zz-')[0] ?? probe}: refuses test and bench`, async () => {
      for (const layer of ['test', 'bench'] as const) {
        const messages = await lint(probe, importOf(probe, layer));
        expect(messages, layer).toEqual([
          expect.stringMatching(
            /^import\/no-restricted-paths: .*The app does not depend on tests or benchmarks/,
          ),
        ]);
      }
    });

  it('while tests and benchmarks may import the app and each other', async () => {
    for (const probe of ['test/main/zz-layer-probe.ts', 'bench/metrics/zz-layer-probe.ts']) {
      const code =
        `import * as a from '${specifier(probe, MODULE.main)}';\n` +
        `import * as b from '${specifier(probe, MODULE.test)}';\nexport const x = [a, b];\n`;
      expect(await lint(probe, code), probe).toEqual([]);
    }
  });
});

describe('pure layers do no I/O (src/crypto, src/onion, src/swarm)', () => {
  const IO = ['node:fs', 'fs/promises', 'node:net', 'node:http', 'https', 'node:child_process', 'electron'];
  const LIBRARIES = ['better-sqlite3-multiple-ciphers', 'react'];
  for (const folder of ['src/crypto', 'src/onion', 'src/swarm']) {
    const probe = `${folder}/zz-layer-probe.ts`;

    it(`${folder}: refuses I/O modules, the database and React`, async () => {
      for (const name of [...IO, ...LIBRARIES]) {
        const messages = await lint(probe, `import * as m from '${name}';\nexport const x = m;\n`);
        expect(messages, name).toEqual([
          expect.stringMatching(/^no-restricted-imports: .*Pure layers do no I\/O/),
        ]);
      }
    });

    it(`${folder}: refuses the DOM and fetch as globals`, async () => {
      for (const name of ['window', 'document', 'fetch', 'localStorage']) {
        const messages = await lint(probe, `export const x = ${name};\n`);
        expect(messages, name).toEqual([expect.stringMatching(/^no-restricted-globals: /)]);
      }
    });

    it(`${folder}: may use libraries such as libsodium`, async () => {
      const code = "import sodium from 'libsodium-wrappers-sumo';\nexport const x = sodium;\n";
      expect(await lint(probe, code)).toEqual([]);
    });
  }
});

describe('the contract (src/shared) is data and schemas only', () => {
  const probe = 'src/shared/ipc/zz-layer-probe.ts';

  it('refuses Node (with or without node:), Electron, the database and React', async () => {
    for (const name of ['node:fs', 'node:path', 'fs', 'path', 'crypto', 'buffer', 'electron', 'react']) {
      const messages = await lint(probe, `import * as m from '${name}';\nexport const x = m;\n`);
      expect(messages, name).toEqual([expect.stringMatching(/^no-restricted-imports: .*src\/shared/)]);
    }
  });

  it('refuses the DOM and fetch as globals', async () => {
    for (const name of ['window', 'document', 'fetch', 'localStorage']) {
      const messages = await lint(probe, `export const x = ${name};\n`);
      expect(messages, name).toEqual([expect.stringMatching(/^no-restricted-globals: /)]);
    }
  });

  it('may use zod', async () => {
    expect(await lint(probe, "import { z } from 'zod';\nexport const x = z;\n")).toEqual([]);
  });
});

describe('the renderer sees only the contract', () => {
  const probe = 'src/renderer/zz-layer-probe.ts';

  it('has no Node access and no electron', async () => {
    for (const name of ['node:fs', 'node:path', 'electron']) {
      const messages = await lint(probe, `import * as m from '${name}';\nexport const x = m;\n`);
      expect(messages, name).toEqual([expect.stringMatching(/^no-restricted-imports: /)]);
    }
  });

  it('may use React', async () => {
    expect(await lint(probe, "import { useState } from 'react';\nexport const x = useState;\n")).toEqual([]);
  });
});
