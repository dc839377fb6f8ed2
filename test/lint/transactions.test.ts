/**
 * Every transaction of the app goes through the connection's one wrapper (src/main/db/transact.ts,
 * BEGIN IMMEDIATE). The driver's own `db.transaction(fn)` begins DEFERRED: one that reads before
 * it writes fails at once with "database is locked" when another connection (the CLI on the same
 * profile, a restarting core) holds the write lock or committed meanwhile, instead of waiting out
 * the busy timeout. Two rules keep it so:
 * - in src/main/db, where the driver's handle lives, only transact.ts calls `.transaction(`;
 * - nothing else in src/main reaches the driver (its package, sqlite.ts, connection.ts), so a
 *   `.transaction(` there can only be `VeilDatabase.transaction`, which is the wrapper.
 * No allow-list: the migrations and the bench's seeding use the wrapper too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const MAIN = join(ROOT, 'src', 'main');
const DB = join(MAIN, 'db');
const WRAPPER = join(DB, 'transact.ts');
const DRIVER = 'better-sqlite3-multiple-ciphers';
/** The modules that hand out the driver's handle. */
const HANDLE_MODULES = [join(DB, 'sqlite.ts'), join(DB, 'connection.ts')];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const inDb = (file: string): boolean => file.startsWith(DB + sep);

function resolvesTo(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  return HANDLE_MODULES.find((m) => m === base || m === `${base}.ts`);
}

/** What breaks the two rules in one file, as "path:line: why". */
export function transactionViolations(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const report = (node: ts.Node, why: string): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    out.push(`${relative(ROOT, file)}:${line + 1}: ${why}`);
  };
  const checkSpecifier = (node: ts.Node, spec: ts.Expression | undefined): void => {
    if (spec === undefined || !ts.isStringLiteralLike(spec) || inDb(file)) return;
    if (spec.text === DRIVER || resolvesTo(file, spec.text) !== undefined)
      report(node, `reaches the driver (${spec.text}) outside src/main/db`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node))
      checkSpecifier(node, node.moduleSpecifier);
    else if (ts.isCallExpression(node)) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) checkSpecifier(node, node.arguments[0]);
      if (ts.isIdentifier(node.expression) && node.expression.text === 'require')
        checkSpecifier(node, node.arguments[0]);
      const callee = node.expression;
      const named =
        (ts.isPropertyAccessExpression(callee) && callee.name.text === 'transaction') ||
        (ts.isElementAccessExpression(callee) &&
          ts.isStringLiteralLike(callee.argumentExpression) &&
          callee.argumentExpression.text === 'transaction');
      if (named && inDb(file) && file !== WRAPPER)
        report(node, "the driver's deferred db.transaction(): use the connection's wrapper (transact.ts)");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('transactions', () => {
  it('go through the one wrapper everywhere in src/main', () => {
    const violations = sourceFiles(MAIN).flatMap((file) =>
      transactionViolations(file, readFileSync(file, 'utf8')),
    );
    expect(violations).toEqual([]);
  });

  it('the check bites: a driver transaction in src/main/db, the driver reached from outside', () => {
    const repo = join(DB, 'zz-probe.ts');
    expect(transactionViolations(repo, 'export const f = (db) => db.transaction(() => 1);')).toHaveLength(1);
    expect(transactionViolations(repo, "export const f = (db) => db['transaction'](() => 1);")).toHaveLength(
      1,
    );
    // The wrapper itself, and a repository calling the wrapper it was handed, are fine.
    expect(transactionViolations(WRAPPER, 'export const t = (db) => db.transaction((w) => w());')).toEqual(
      [],
    );
    expect(transactionViolations(repo, 'export const f = (transaction) => transaction(() => 1);')).toEqual(
      [],
    );
    const service = join(MAIN, 'messaging', 'zz-probe.ts');
    for (const line of [
      `import Database from '${DRIVER}';`,
      "import type { Sqlite } from '../db/sqlite';",
      "import { openConnection } from '../db/connection';",
      "export { createSqlite } from '../db/sqlite';",
      "const c = await import('../db/connection');",
    ])
      expect(transactionViolations(service, line), line).toHaveLength(1);
    // Outside src/main/db `db` is a VeilDatabase: its `transaction` is the wrapper.
    expect(
      transactionViolations(
        service,
        "import type { VeilDatabase } from '../db';\nexport const f = (db: VeilDatabase) => db.transaction(() => 1);",
      ),
    ).toEqual([]);
  });
});
