import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { ALICE, BOB, ME, filesContaining, freshDb, incoming, outgoing, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

const BODY = 'zq-PLAINTEXT-CANARY-7731-élan';
const NAME = 'Canary Nickname 9914';

describe('no plaintext on disk', () => {
  it('message bodies, names and settings never appear in any file of the profile', () => {
    const { db, dir } = freshDb();
    for (let i = 0; i < 50; i++) {
      db.messages.insertIncoming(incoming({ body: `${BODY} #${i}`, sentAt: 1_700_000_000_000 + i }));
      db.outbox.insertOutgoing(
        outgoing({
          body: `${BODY} out ${i}`,
          conversationId: BOB,
          sentAt: 1_700_000_100_000 + i,
          syncToSelf: true,
        }),
        1,
      );
    }
    db.contacts.upsertContact({ sessionId: ALICE, nickname: NAME, displayName: NAME }, 1);
    db.kv.set('draft', { text: BODY });
    expect(db.search('canary')).not.toHaveLength(0);

    // While open: the WAL holds the recent pages and must be ciphertext too.
    const files = readdirSync(dir);
    expect(files.some((f) => f.endsWith('-wal'))).toBe(true);
    const needles = [Buffer.from(BODY), Buffer.from('PLAINTEXT-CANARY'), Buffer.from(NAME), Buffer.from(ME)];
    for (const needle of needles) expect(filesContaining(dir, needle)).toEqual([]);

    db.close();
    for (const needle of needles) expect(filesContaining(dir, needle)).toEqual([]);
  });
});
