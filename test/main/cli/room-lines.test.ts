/**
 * The CLI's lines for community posts (src/main/cli/room-lines.ts): `replyTo` only on a reply,
 * the plain quote line for each state of the quoted post, and `search`'s merge of messages and
 * posts — newest first, stable, cut at the limit, and the message search's own list untouched
 * when no post is found.
 */
import { describe, expect, it } from 'vitest';
import {
  foundJson,
  foundText,
  mergeHits,
  postJson,
  quoteLine,
  type RoomHit,
} from '../../../src/main/cli/room-lines';
import { en } from '../../../src/shared/i18n/en';
import { fr } from '../../../src/shared/i18n/fr';
import type { CommunityPost, CommunityQuote } from '../../../src/shared/ipc/communities';
import type { SearchHit } from '../../../src/shared/ipc/messaging';

const ANN = `15${'aa'.repeat(32)}`;
const BEN = `05${'bb'.repeat(32)}`;

function post(quote?: Partial<CommunityQuote>): CommunityPost {
  return {
    roomId: 1,
    id: 12,
    sender: ANN,
    senderName: 'Ann',
    body: 'J’y serai',
    sentAt: 1_700_000_000_123,
    edited: false,
    deleted: false,
    mine: false,
    reactions: [],
    ...(quote
      ? {
          quote: {
            id: 1_700_000_000_001,
            author: ANN,
            postId: 7,
            authorName: 'Ann',
            text: 'Rendez-vous',
            mine: false,
            ...quote,
          },
        }
      : {}),
  };
}

const message = (id: string, sentAt: number): SearchHit => ({
  conversationId: BEN,
  messageId: id,
  body: `message ${id}`,
  sentAt,
  snippet: '',
});
const room = (id: number, sentAt: number): RoomHit => ({ room: 'lobby', id, body: `post ${id}`, sentAt });

describe('community lines of the CLI', () => {
  it('`replyTo` is added on a reply only, with the quoted post’s id here or null', () => {
    expect(postJson(post())).toBe(
      JSON.stringify({ id: 12, from: ANN, body: 'J’y serai', sentAt: 1_700_000_000_123 }),
    );
    expect(JSON.parse(postJson(post({})))).toMatchObject({ replyTo: { id: 7, author: ANN } });
    expect(JSON.parse(postJson(post({ postId: null, authorName: null, text: null })))).toMatchObject({
      replyTo: { id: null, author: ANN },
    });
  });

  it('the plain quote line says who, and the text, “not here” or “deleted”, in the catalog’s words', () => {
    expect(quoteLine(en, post())).toBeUndefined();
    expect(quoteLine(en, post({}))).toBe('  ↳ in reply to Ann: Rendez-vous');
    expect(quoteLine(fr, post({ mine: true }))).toBe('  ↳ en réponse à vous\u202f: Rendez-vous');
    expect(quoteLine(en, post({ postId: null, authorName: null, text: null }))).toBe(
      `  ↳ in reply to ${ANN} (post not on this computer)`,
    );
    expect(quoteLine(en, post({ text: null }))).toBe('  ↳ in reply to Ann (post deleted)');
  });

  it('merges newest first, messages before a post of the same time, cut at the limit', () => {
    const messages = [message('c', 30), message('b', 20), message('a', 10)];
    const merged = mergeHits(messages, [room(2, 25), room(1, 20)], 4).map(foundJson);
    expect(merged.map((l) => l.id)).toEqual(['c', 2, 'b', 1]);
    expect(merged[1]).toEqual({ conversation: 'lobby', id: 2, body: 'post 2', sentAt: 25, community: true });
    expect(Object.keys(merged[0] ?? {})).toEqual(['conversation', 'id', 'body', 'sentAt']);
  });

  it('with no post found, the lines are the message search’s, in its order (even out of time order)', () => {
    const messages = [message('x', 10), message('y', 30)];
    const lines = mergeHits(messages, [], 50);
    expect(lines.map(foundJson)).toEqual(
      messages.map((h) => ({
        conversation: h.conversationId,
        id: h.messageId,
        body: h.body,
        sentAt: h.sentAt,
      })),
    );
    expect(lines.map((l) => foundText(en, l))).toEqual([
      `${new Date(10).toISOString()} ${BEN}: message x`,
      `${new Date(30).toISOString()} ${BEN}: message y`,
    ]);
    expect(foundText(fr, { post: room(3, 0) })).toBe(
      `${new Date(0).toISOString()} lobby (communauté)\u202f: post 3`,
    );
  });
});
