import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { communitySearchRepository } from '../../../../src/main/db/community-search';
import { openConnection } from '../../../../src/main/db/connection';
import { MIGRATIONS, migrate, schemaVersion } from '../../../../src/main/db/migrations';
import type { Sqlite } from '../../../../src/main/db/sqlite';
import { atVersion, copyByRows, newKey, removeTempDirs, tempDir } from '../helpers';

afterEach(removeTempDirs);

// Found by name: the lead may renumber it when merging.
const step = MIGRATIONS.find((m) => m.name === 'community-post-search');

function addRoom(raw: Sqlite): void {
  raw
    .prepare(
      "INSERT INTO community_servers (base_url, server_pk, created_at) VALUES ('https://a.example', ?, 1)",
    )
    .run('a'.repeat(64));
  raw
    .prepare(
      `INSERT INTO community_rooms (id, base_url, token, token_key, name, joined_at, updated_at)
       VALUES (3, 'https://a.example', 'Cafe', 'cafe', 'Le Café', 1, 1)`,
    )
    .run();
}

const checkIndex = (raw: Sqlite): void => {
  raw.exec("INSERT INTO community_posts_fts (community_posts_fts, rank) VALUES ('integrity-check', 1)");
};

function addPost(raw: Sqlite, roomId: number, id: number, body: string | null, deleted = 0): void {
  raw
    .prepare(
      `INSERT INTO community_messages (room_id, id, seqno, sender, sender_name, body, posted_at, deleted)
       VALUES (?, ?, ?, ?, 'Bea', ?, ?, ?)`,
    )
    .run(roomId, id, id, `15${'b'.repeat(64)}`, body, id * 1000, deleted);
}

describe('migration 0018 (community posts searchable)', () => {
  it('indexes the posts a profile already has, then keeps the index in step', () => {
    if (!step) throw new Error('migration missing');
    const raw = atVersion(step.version - 1);
    addRoom(raw);
    addPost(raw, 3, 1, "L'école est fermée");
    addPost(raw, 3, 2, null, 1);
    addPost(raw, 3, 3, 'ancienne école, effacée', 1);
    addPost(raw, 3, 4, 'la gare');

    migrate(raw, MIGRATIONS, step.version);
    expect(schemaVersion(raw)).toBe(step.version);
    raw.exec("INSERT INTO community_posts_fts (community_posts_fts, rank) VALUES ('integrity-check', 1)");
    const { searchPosts } = communitySearchRepository(raw);
    expect(searchPosts('ecole').map((h) => [h.roomName, h.postId, h.snippet])).toEqual([
      ['Le Café', 1, "L'\uE000école\uE001 est fermée"],
    ]);
    expect(searchPosts('gare').map((h) => h.postId)).toEqual([4]);

    // Posts stored after the migration are indexed by the triggers.
    addPost(raw, 3, 5, 'nouvelle école');
    expect(searchPosts('ecole').map((h) => h.postId)).toEqual([5, 1]);
    raw.exec("INSERT INTO community_posts_fts (community_posts_fts, rank) VALUES ('integrity-check', 1)");
    raw.close();
  });

  it('an exported profile imports with its posts searchable (the index rebuilt from the view)', () => {
    const from = join(tempDir(), 'a.db');
    const key = newKey();
    const a = openConnection(from, key);
    migrate(a);
    addRoom(a);
    addPost(a, 3, 1, 'la vieille école');
    addPost(a, 3, 2, 'effacée', 1);
    a.close();
    const { to, tables: names } = copyByRows(from, key);
    expect(names).toContain('community_messages');
    expect(names.filter((n) => n.startsWith('community_posts_'))).toEqual([]);
    const b = openConnection(to, key);
    checkIndex(b);
    expect(
      communitySearchRepository(b)
        .searchPosts('ecole')
        .map((h) => h.postId),
    ).toEqual([1]);
    addPost(b, 3, 3, 'une autre école');
    expect(
      communitySearchRepository(b)
        .searchPosts('ecole')
        .map((h) => h.postId),
    ).toEqual([3, 1]);
    checkIndex(b);
    b.close();
  });

  it('snippets read the post by the partial index on the search key, not by a scan', () => {
    if (!step) throw new Error('migration missing');
    const raw = atVersion(step.version);
    const plan = (
      raw
        .prepare(
          'EXPLAIN QUERY PLAN SELECT search_key, body FROM community_posts_searchable WHERE search_key = ?',
        )
        .all(5) as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan.some((d) => d.includes('USING INDEX community_messages_by_search_key'))).toBe(true);
    raw.close();
  });
});
