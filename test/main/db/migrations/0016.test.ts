import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import type { Sqlite } from '../../../../src/main/db/sqlite';
import { ALICE, atVersion, insertRawMessage, removeTempDirs } from '../helpers';

afterEach(removeTempDirs);

// Found by name: the lead may renumber it when merging (0015 is another helper's).
const step = MIGRATIONS.find((m) => m.name === 'conversation-last-message-index');

/** The plan of the statement that deletes one message (message-actions.ts, disappearing.ts). */
const deletePlan = (raw: Sqlite): string[] =>
  (raw.prepare("EXPLAIN QUERY PLAN DELETE FROM messages WHERE id = 'm'").all() as { detail: string }[]).map(
    (r) => r.detail,
  );

describe('migration 0016 (conversations.last_message_id indexed)', () => {
  it('deleting a message finds its conversation by index, no longer by scanning them all', () => {
    if (!step) throw new Error('migration missing');
    const raw = atVersion(step.version - 1);
    insertRawMessage(raw, { direction: 'in', sender: ALICE, body: 'hi', at: 5, status: 'read' });
    raw.prepare("UPDATE conversations SET last_message_id = 'm', last_message_at = 5").run();
    expect(deletePlan(raw)).toContain('SCAN conversations');

    migrate(raw, MIGRATIONS, step.version);
    expect(schemaVersion(raw)).toBe(step.version);
    const plan = deletePlan(raw);
    expect(plan).not.toContain('SCAN conversations');
    expect(
      plan.some((d) => d.includes('conversations USING COVERING INDEX conversations_by_last_message')),
    ).toBe(true);
    // ON DELETE SET NULL still clears the preview (conversation-upkeep.ts repoints it).
    raw.prepare("DELETE FROM messages WHERE id = 'm'").run();
    expect(
      raw.prepare('SELECT last_message_id FROM conversations WHERE id = ?').pluck().get(ALICE),
    ).toBeNull();
    raw.close();
  });
});
