/**
 * The idle timers' statements (outbox wake-up, download queue tick) keep one compiled statement
 * per LIMIT value: SQLite prepares `… LIMIT ?` again at every run (limited.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openConnection } from '../../../src/main/db/connection';
import { limitedStatement } from '../../../src/main/db/limited';
import { migrate } from '../../../src/main/db/migrations';
import { newKey, removeTempDirs, tempDir } from './helpers';

afterEach(removeTempDirs);

describe('statements with a literal LIMIT', () => {
  it('are prepared once per limit, with the limit in their SQL, never a bound LIMIT', () => {
    const raw = openConnection(join(tempDir(), 'limited.db'), newKey());
    migrate(raw);
    const due = limitedStatement<[number]>(
      raw,
      (n) => `SELECT id FROM control_outbox WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ${n}`,
    );
    const a = due(40);
    expect(due(40)).toBe(a);
    expect(a.source).toMatch(/LIMIT 40$/);
    expect(due(3)).not.toBe(a);
    expect(due(40).all(Date.now())).toEqual([]);
    expect(() => due(1.5)).toThrow(RangeError);
    expect(() => due(-1)).toThrow(RangeError);
    raw.close();
  });

  it('are what the idle timers run: no bound LIMIT left in their repositories', async () => {
    const { readFileSync } = await import('node:fs');
    for (const file of ['outbox.ts', 'control-outbox.ts', 'attachments.ts']) {
      const text = readFileSync(join(__dirname, '../../../src/main/db', file), 'utf8');
      expect(text, file).not.toMatch(/LIMIT [?:@]/);
    }
  });
});
