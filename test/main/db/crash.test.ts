import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/database';
import { newMessageId } from '../../../src/main/db/ids';
import { ALICE, freshDb, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

describe('crash safety', () => {
  it('keeps every committed write, and the outbox row, after the process is SIGKILLed', () => {
    const { db, path, key } = freshDb();
    db.close();
    const id = newMessageId();
    const child = spawnSync(process.execPath, ['--import', 'tsx', WRITER, path, id], {
      env: { ...process.env, VEIL_TEST_DB_KEY: Buffer.from(key).toString('hex') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe('written\n');
    expect(child.signal).toBe('SIGKILL');
    expect(existsSync(`${path}-wal`)).toBe(true); // died before any checkpoint

    const again = openDatabase(path, key);
    expect(again.messages.pageMessages(ALICE, undefined, 100)).toHaveLength(21);
    expect(again.messages.getMessage(id)?.status).toBe('sending');
    expect(again.outbox.dueOutbox(5_000).map((o) => o.messageId)).toEqual([id]);
    again.close();
  });
});
