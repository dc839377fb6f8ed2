/**
 * Our community DMs left `sending` are looked for at every start (issue #15, cold start): the
 * query must find exactly them, and reach them through the few community DM conversations, not
 * by scanning (and decrypting) every message of the profile.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { STUCK_SENDING_SQL } from '../../../src/main/db/community-dm-messages';
import { openConnection } from '../../../src/main/db/connection';
import { migrate } from '../../../src/main/db/migrations';
import { ALICE, ME, newKey, removeTempDirs, tempDir } from './helpers';

const DM = `15${'d'.repeat(64)}`;

afterEach(removeTempDirs);

function migrated() {
  const raw = openConnection(join(tempDir(), 'stuck.db'), newKey());
  migrate(raw);
  return raw;
}

describe('community DMs left sending', () => {
  it('walks the conversations and reaches their messages by index, scanning no message', () => {
    const raw = migrated();
    const details = (
      raw.prepare(`EXPLAIN QUERY PLAN ${STUCK_SENDING_SQL}`).all() as { detail: string }[]
    ).map((r) => r.detail);
    expect(details[0]).toMatch(/^SCAN c\b/);
    expect(details.join(' | ')).toMatch(/SEARCH m USING (COVERING )?INDEX \w+ \(conversation_id=\?\)/);
    expect(details.join(' | ')).not.toMatch(/SCAN m\b/);
    raw.close();
  });

  it('finds our community DMs still sending, and nothing else', () => {
    const raw = migrated();
    const conversation = raw.prepare(
      `INSERT INTO conversations (id, type, created_at, updated_at) VALUES (?, ?, 0, 0)`,
    );
    conversation.run(DM, 'community_dm');
    conversation.run(ALICE, 'private');
    const message = raw.prepare(
      `INSERT INTO messages (id, conversation_id, direction, sender, body, sent_at, received_at, status)
       VALUES (?, ?, ?, ?, 'x', ?, 0, ?)`,
    );
    message.run('dm-sending', DM, 'out', ME, 1, 'sending');
    message.run('dm-sent', DM, 'out', ME, 2, 'sent');
    message.run('dm-in', DM, 'in', DM, 3, 'unread');
    message.run('private-sending', ALICE, 'out', ME, 4, 'sending');
    expect(raw.prepare(STUCK_SENDING_SQL).pluck().all()).toEqual(['dm-sending']);
    raw.close();
  });
});
