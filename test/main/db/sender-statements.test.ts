/**
 * What the sender's writes cost the database once a swarm answered (issue #15, CPU per message):
 * each is one transaction of the connection's wrapper, begun IMMEDIATE so that it waits for
 * another process (write-waits-messages.test.ts), with no statement beyond its own: markAccepted
 * two per row, markSent, markDelivered and markFailed two each, and no savepoint.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MessageHash } from '../../../src/main/db/ids';
import { ALICE, ME, freshDb, outgoing, removeTempDirs } from './helpers';

afterEach(removeTempDirs);

/** Every statement stepped meanwhile, by its SQL (the driver's Statement class). */
function statementsDuring(work: () => void): string[] {
  const scratch = new Database(':memory:');
  const statement = Object.getPrototypeOf(scratch.prepare('SELECT 1')) as Database.Statement;
  const spies = [vi.spyOn(statement, 'run'), vi.spyOn(statement, 'get'), vi.spyOn(statement, 'all')];
  try {
    work();
    return spies.flatMap((s) => s.mock.contexts.map((c) => (c as Database.Statement).source));
  } finally {
    for (const s of spies) s.mockRestore();
    scratch.close();
  }
}

const hash = (s: string): MessageHash => s as MessageHash;
/** The transaction's own statements, and how many others ran inside it. */
const shape = (sql: string[]) => ({
  transaction: sql.filter((q) => /^(BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK)/.test(q)),
  others: sql.filter((q) => !/^(BEGIN|COMMIT|SAVEPOINT|RELEASE|ROLLBACK)/.test(q)).length,
});
const ONE_IMMEDIATE = ['BEGIN IMMEDIATE', 'COMMIT'];

describe("the sender's writes", () => {
  it('are each one IMMEDIATE transaction with only their own statements', () => {
    const { db } = freshDb();
    const a = outgoing({ syncToSelf: true, sentAt: 41 });
    const b = outgoing({ syncToSelf: true, sentAt: 42 });
    const c = outgoing({ syncToSelf: true, sentAt: 43 });
    for (const m of [a, b, c]) db.outbox.insertOutgoing(m, 1);

    const accepted = statementsDuring(() => {
      db.outbox.markAccepted([
        { messageId: a.id, recipient: ALICE, conversationId: ALICE, hash: hash('ha') },
        { messageId: a.id, recipient: ME, conversationId: ALICE, hash: hash('sa') },
      ]);
    });
    expect(shape(accepted)).toEqual({ transaction: ONE_IMMEDIATE, others: 4 });
    expect(shape(statementsDuring(() => db.outbox.markSent(b.id, hash('hb'))))).toEqual({
      transaction: ONE_IMMEDIATE,
      others: 2,
    });
    const delivered = statementsDuring(() => {
      db.outbox.markDelivered(b.id, ME, hash('sb'));
    });
    expect(shape(delivered)).toEqual({ transaction: ONE_IMMEDIATE, others: 2 });
    expect(shape(statementsDuring(() => db.outbox.markFailed(c.id, 'no swarm')))).toEqual({
      transaction: ONE_IMMEDIATE,
      others: 2,
    });
    expect(db.messages.getMessage(a.id)).toMatchObject({ status: 'sent', hash: 'ha', syncHash: 'sa' });
    expect(db.messages.getMessage(b.id)).toMatchObject({ status: 'sent', hash: 'hb', syncHash: 'sb' });
    expect(db.messages.getMessage(c.id)?.status).toBe('failed');
    expect(db.outbox.dueOutbox(Number.MAX_SAFE_INTEGER)).toEqual([]);
    db.close();
  });
});
