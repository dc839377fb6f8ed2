/**
 * Version 17 (the lead may renumber it at merge): replies in community rooms.
 *
 * A post that quotes another names it as Session does, by the quoted post's author (the
 * `session_id` the server gave it) and its time in ms (desktop's `sent_at`, the server's
 * `posted` floored to ms): `quote_id` and `quote_author`, NULL when the post quotes nothing.
 * The quoted post is looked up when shown, not when stored (it may come later, in an older
 * page), through an index on (room, sender, posted_at) so a page of replies is one index probe
 * each, never a scan of the room. Session desktop does not read the quote's `text`: not kept.
 */
import type { Migration } from './migration';

export const migration0017: Migration = {
  version: 17,
  name: 'community-quotes',
  up: (db) => {
    db.exec(`
ALTER TABLE community_messages ADD COLUMN quote_id INTEGER CHECK (quote_id IS NULL OR quote_id > 0);
ALTER TABLE community_messages ADD COLUMN quote_author TEXT CHECK ((quote_author IS NULL) = (quote_id IS NULL));
CREATE INDEX community_messages_by_sender_time ON community_messages (room_id, sender, posted_at);
`);
  },
};
