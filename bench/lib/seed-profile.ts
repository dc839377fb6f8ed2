/**
 * A profile like a long-time user's: one conversation of `mainCount` messages (the one the
 * bench opens) and 19 smaller ones, written through the real repositories (outbox then "sent"
 * for ours, insertIncoming for theirs), 500 messages per transaction.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AccountService } from '../../src/main/account/account-service';
import { generateSeed16, identityFromSeed, type SessionId } from '../../src/crypto/keys';
import { sodiumReady } from '../../src/crypto/sodium';
import { openConnection } from '../../src/main/db/connection';
import { conversationsRepository } from '../../src/main/db/conversations';
import { newMessageId, type MessageHash } from '../../src/main/db/ids';
import { messagesRepository } from '../../src/main/db/messages';
import { migrate } from '../../src/main/db/migrations';
import { outboxRepository } from '../../src/main/db/outbox';
import { transactionOf } from '../../src/main/db/transact';
import { wipe } from '../../src/main/keys/master-key';
import { makeTempDir } from './context';

const OTHER_CONVERSATIONS = 19;
const OTHER_MESSAGES = 10;
const BATCH = 500;

export interface SeededProfile {
  readonly dir: string;
  readonly ownId: string;
  /** The big conversation. */
  readonly mainId: string;
  readonly mainCount: number;
  readonly totalMessages: number;
  /** Body of the newest message of the big conversation (unique). */
  readonly lastBody: string;
  readonly ms: number;
}

const WORDS = (
  'bonjour salut merci demain ce soir on se voit au café ? oui non peut-être ' +
  'the meeting moved to Thursday did you get the files I sent ' +
  "d'accord à plus tard très bien c'est noté 👍 🎉 ok super génial"
).split(' ');

/** Small deterministic PRNG (mulberry32): the same profile every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function body(rand: () => number, i: number): string {
  const n = 2 + Math.floor(rand() * (rand() < 0.1 ? 60 : 14));
  const words: string[] = [];
  for (let w = 0; w < n; w++) words.push(WORDS[Math.floor(rand() * WORDS.length)] ?? 'ok');
  return `${words.join(' ')} #${i}`;
}

function hash(): MessageHash {
  return randomBytes(32).toString('base64').replace(/=+$/, '') as MessageHash;
}

function newPartner(): SessionId {
  return identityFromSeed(generateSeed16()).sessionId;
}

export async function seedProfile(mainCount: number): Promise<SeededProfile> {
  const started = performance.now();
  await sodiumReady();
  // Removed with the run's other folders, also when seeding or the devnet's start fails.
  const dir = makeTempDir('profile');
  const account = new AccountService(dir);
  const own = account.create('Bench').sessionId;
  const key = account.databaseKey();
  const db = openConnection(join(dir, 'veil.db'), key);
  wipe(key);
  account.lock();
  try {
    migrate(db);
    const transaction = transactionOf(db);
    const conversations = conversationsRepository(db, transaction);
    const messages = messagesRepository(db, transaction);
    const outbox = outboxRepository(db, transaction);
    const rand = prng(9);
    const now = Date.now();
    const mainId = newPartner();
    const plan: { partner: SessionId; count: number; end: number }[] = [
      ...Array.from({ length: OTHER_CONVERSATIONS }, (_, i) => ({
        partner: newPartner(),
        count: OTHER_MESSAGES,
        end: now - (i + 1) * 3_600_000,
      })),
      { partner: mainId, count: mainCount, end: now - 60_000 },
    ];
    let lastBody = '';
    let total = 0;
    for (const c of plan) {
      conversations.ensureConversation({ id: c.partner, type: 'private', approved: true }, c.end);
      conversations.updateConversation(c.partner, { displayName: `Contact ${total}` }, c.end);
      // Spread over 60 days, oldest first, so previews and day separators are realistic.
      const step = Math.floor((60 * 86_400_000) / c.count);
      for (let from = 0; from < c.count; from += BATCH) {
        transaction(() => {
          for (let i = from; i < Math.min(c.count, from + BATCH); i++) {
            const sentAt = c.end - (c.count - 1 - i) * step;
            const last = i === c.count - 1;
            const text = last ? `Dernier message ✓ ${randomBytes(4).toString('hex')}` : body(rand, i);
            if (last) lastBody = text;
            const id = newMessageId();
            if (!last && rand() < 0.45) {
              outbox.insertOutgoing(
                { id, conversationId: c.partner, sender: own, body: text, sentAt },
                sentAt,
              );
              outbox.markSent(id, hash());
            } else {
              messages.insertIncoming({
                id,
                conversationId: c.partner,
                sender: c.partner,
                body: text,
                sentAt,
                receivedAt: sentAt + 800,
                hash: hash(),
              });
            }
          }
        });
      }
      conversations.markConversationRead(c.partner, c.end);
      total += c.count;
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      dir,
      ownId: own,
      mainId,
      mainCount,
      totalMessages: total,
      lastBody,
      ms: performance.now() - started,
    };
  } finally {
    db.close();
  }
}
