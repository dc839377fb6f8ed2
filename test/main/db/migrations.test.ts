import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openConnection } from '../../../src/main/db/connection';
import { openDatabase } from '../../../src/main/db/database';
import { DatabaseVersionError } from '../../../src/main/db/errors';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../src/main/db/migrations';
import type { Migration } from '../../../src/main/db/migrations';
import { newKey, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

function rawDb() {
  const path = join(tempDir(), 'm.db');
  const key = newKey();
  return { path, key, raw: openConnection(path, key) };
}

describe('migration runner', () => {
  it('numbers migrations 1..n with no gap, one file each', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it('brings a fresh database to the latest version, then is a no-op', () => {
    const { raw } = rawDb();
    expect(migrate(raw)).toEqual({ from: 0, to: LATEST_VERSION });
    expect(schemaVersion(raw)).toBe(LATEST_VERSION);
    expect(migrate(raw)).toEqual({ from: LATEST_VERSION, to: LATEST_VERSION });
    raw.close();
  });

  it('refuses a database from a newer Veil, without changing it', () => {
    const { raw, path, key } = rawDb();
    migrate(raw);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();

    expect(() => openDatabase(path, key)).toThrow(DatabaseVersionError);
    try {
      openDatabase(path, key);
    } catch (error) {
      expect(error).toMatchObject({ code: 'db.too-new', found: LATEST_VERSION + 1, known: LATEST_VERSION });
    }
    const check = openConnection(path, key);
    expect(schemaVersion(check)).toBe(LATEST_VERSION + 1);
    check.close();
  });

  it('rolls a failing step back whole: the version and the schema stay at the previous step', () => {
    const { raw } = rawDb();
    const failing: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'half-done',
      up: (db) => {
        db.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        throw new Error('boom');
      },
    };
    expect(() => migrate(raw, [...MIGRATIONS, failing])).toThrow('boom');
    expect(schemaVersion(raw)).toBe(LATEST_VERSION);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    raw.close();
  });

  it('skips a step another process ran after this one read the version (two opens at once)', () => {
    const { raw, path, key } = rawDb();
    // The other process (the CLI beside the app) migrates first...
    const other = openConnection(path, key);
    migrate(other);
    other.close();
    // ...after this one had read version 0: its first read of user_version answers that.
    let stale = true;
    const late = new Proxy(raw, {
      get(target, prop) {
        if (prop === 'pragma')
          return (source: string, options?: { simple?: boolean }) => {
            if (stale && source === 'user_version') {
              stale = false;
              return 0;
            }
            return target.pragma(source, options);
          };
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    expect(migrate(late).from).toBe(0);
    expect(schemaVersion(raw)).toBe(LATEST_VERSION);
    raw.close();
  });

  it('refuses a list with a gap or a duplicate version', () => {
    const { raw } = rawDb();
    const skip: Migration = { version: MIGRATIONS.length + 2, name: 'skip', up: () => undefined };
    expect(() => migrate(raw, [...MIGRATIONS, skip])).toThrow(/expected/);
    expect(schemaVersion(raw)).toBe(0);
    raw.close();
  });
});
