// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';
import { builtinModules } from 'node:module';

const PURE_LAYERS = ['src/crypto', 'src/onion', 'src/swarm'];
/**
 * Where the CLI says something to the user, each with the position of the argument that is said
 * (0: every argument): its errors (each a line on stderr), stdout and stderr themselves, and what
 * `--help` prints (commander's descriptions). A string with a word there is English that bypasses
 * the catalog, whatever the locale (test/lint/cli-words.test.ts scans src/main/cli with it).
 */
const CLI_SAYS = [
  [
    'NewExpression[callee.name=/^(UsageError|CliError|UnreachableError|NotSentError|InvalidArgumentError)$/]',
    0,
  ],
  ['CallExpression[callee.object.name="io"][callee.property.name=/^(err|out)$/]', 0],
  ['CallExpression[callee.object.name="console"]', 0],
  [
    'CallExpression[callee.object.object.name="process"][callee.object.property.name=/^(stdout|stderr)$/][callee.property.name="write"]',
    0,
  ],
  ['CallExpression[callee.property.name=/^(description|summary|showHelpAfterError|addHelpText)$/]', 0],
  ['CallExpression[callee.property.name=/^(option|requiredOption|argument|helpOption|helpCommand)$/]', 2],
  ['NewExpression[callee.name=/^(Option|Argument|Command)$/]', 2],
  ['CallExpression[callee.property.name="version"]', 3],
];

// Node modules a pure layer must not touch: I/O belongs to src/main.
const IO_MODULES = [
  'electron',
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'http2',
  'node:http2',
  'tls',
  'node:tls',
  'dgram',
  'node:dgram',
  'child_process',
  'node:child_process',
  'worker_threads',
  'node:worker_threads',
  'better-sqlite3-multiple-ciphers',
  'react',
  'react-dom',
];

/**
 * One-way imports: renderer → shared ← main → swarm → onion → crypto, and devnet → onion → crypto
 * beside them (see DEVELOPERS.md; test/lint/layering-rules.test.ts proves each zone fires).
 */
const layerZones = [
  // Pure layers import nothing above them.
  {
    target: './src/crypto',
    from: ['./src/onion', './src/swarm', './src/main', './src/renderer', './src/shared', './devnet'],
  },
  {
    target: './src/onion',
    from: ['./src/swarm', './src/main', './src/renderer', './src/shared', './devnet'],
  },
  { target: './src/swarm', from: ['./src/main', './src/renderer', './src/shared', './devnet'] },
  // The contract is shared by both sides and depends on neither.
  {
    target: './src/shared',
    from: ['./src/crypto', './src/onion', './src/swarm', './src/main', './src/renderer', './devnet'],
  },
  // The renderer only sees the contract.
  {
    target: './src/renderer',
    from: ['./src/crypto', './src/onion', './src/swarm', './src/main', './devnet'],
  },
  { target: './src/main', from: ['./src/renderer'] },
  // The app reaches the devnet only from the command line (`veil devnet`, `net status`); `npm
  // start` runs it as a child process (src/main/embedded-devnet/) and imports none of it.
  {
    target: ['./src/main/!(cli)/**', './src/main/*'],
    from: './devnet',
    message:
      'Only src/main/cli may import the devnet; the app starts it as a process (src/main/embedded-devnet).',
  },
  // devnet is an independent instrument: its server-side protocol code (hashes, signed strings,
  // namespaces, swarm mapping) is its own, written from the references, so that it can catch the
  // client's misreadings. It may share the crypto primitives and the onion hop encryption only.
  {
    target: './devnet',
    from: './src',
    except: ['./crypto', './onion'],
    message:
      'devnet may use src/crypto and src/onion only: write the server side from the protocol references.',
  },
  {
    target: './devnet',
    from: ['./test', './bench'],
    message: 'devnet does not depend on tests or benchmarks.',
  },
  // What ships never reaches into what checks it (tests, benchmarks and their fakes).
  {
    target: './src',
    from: ['./test', './bench'],
    message: 'The app does not depend on tests or benchmarks.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'coverage/**',
      'bench/results.json',
      'src/swarm/proto/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'scripts/*.mjs', '.ci/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    plugins: { import: importPlugin },
    settings: {
      // eslint-plugin-import (not import-x): its node resolver needs no native binding, and
      // import-x's resolver pulls platform packages this registry does not carry (npm ci fails).
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] } },
      'import/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Stylistic choices left to the author: they catch no bug.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off',
      '@typescript-eslint/consistent-type-definitions': 'off',
      '@typescript-eslint/consistent-indexed-object-style': 'off',
      '@typescript-eslint/array-type': 'off',
      '@typescript-eslint/prefer-for-of': 'off',
      'import/no-cycle': ['error', { ignoreExternal: true }],
      'import/no-restricted-paths': ['error', { zones: layerZones }],
      'no-console': 'off',
    },
  },
  {
    files: PURE_LAYERS.map((d) => `${d}/**/*.{ts,tsx}`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES.map((name) => ({
            name,
            message: 'Pure layers do no I/O: move this to src/main.',
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'Pure layers have no DOM.' },
        { name: 'document', message: 'Pure layers have no DOM.' },
        { name: 'fetch', message: 'Pure layers do no I/O: inject a transport.' },
        { name: 'localStorage', message: 'Pure layers have no DOM.' },
      ],
    },
  },
  {
    // The contract is loaded by main and by the page alike: no Node (the page has none), no I/O,
    // no Electron, no React; only data and its schemas.
    files: ['src/shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['node:*'], message: 'src/shared runs in the page too: no Node.' }],
          paths: [
            ...builtinModules.filter((name) => !name.startsWith('_')),
            'electron',
            'better-sqlite3-multiple-ciphers',
            'react',
            'react-dom',
          ].map((name) => ({
            name,
            message: 'src/shared is the contract of main and the page: data and schemas only.',
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'src/shared runs in main too: no DOM.' },
        { name: 'document', message: 'src/shared runs in main too: no DOM.' },
        { name: 'fetch', message: 'src/shared does no I/O.' },
        { name: 'localStorage', message: 'src/shared runs in main too: no DOM.' },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // We do not run the React Compiler, so "cannot be memoized by the compiler" is moot.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['node:*'], message: 'The renderer has no Node access.' }],
          paths: [{ name: 'electron', message: 'The renderer talks to main through src/shared only.' }],
        },
      ],
    },
  },
  {
    // The command line speaks the catalog's words (src/shared/i18n `cliErrors`, EN and FR): what
    // it says on stderr and its errors are never literal English written in src/main/cli.
    files: ['src/main/cli/**/*.ts'],
    rules: {
      // One catalog per run, chosen from the locale (language.ts) and handed down as io.words:
      // a catalog imported by name would speak English to a French user.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/shared/i18n/en', '**/shared/i18n/fr'],
              message: "Say io.words (the run's catalog, src/main/cli/language.ts), not a catalog by name.",
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...CLI_SAYS.flatMap(([callee, position]) => {
          const at = position === 0 ? '' : `:nth-child(${position})`;
          // An argument, or a branch of one (`a ? 'x' : 'y'`): a code compared or passed on to a
          // helper (`state === 'locked'`, `words('unknown-group')`) is not said.
          return [
            `> Literal[value=/[A-Za-z]{2}/]${at}`,
            `> TemplateLiteral${at} > TemplateElement[value.raw=/[A-Za-z]{2}/]`,
            `> ConditionalExpression${at} > Literal[value=/[A-Za-z]{2}/]`,
            `> ConditionalExpression${at} > TemplateLiteral > TemplateElement[value.raw=/[A-Za-z]{2}/]`,
          ].map((words) => ({
            selector: `${callee} ${words}`,
            message:
              "Words the CLI prints come from the catalog (src/shared/i18n/en.ts and fr.ts: 'cliErrors', 'cliHelp', 'cliOut').",
          }));
        }),
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);
