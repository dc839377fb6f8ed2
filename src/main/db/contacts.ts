/** Contacts: what we know of people (profile, nickname, approval, blocking), by Session ID. */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import { assignments } from './patch';
import { parseOptionalRow, parseRow, toBit, zBool, zSessionId, zTime } from './rows';
import type { Sqlite, SqlValue } from './sqlite';
import type { Transact } from './transact';

export type Avatar = { readonly url: string; readonly key: Uint8Array };

export type ContactRecord = {
  readonly sessionId: SessionId;
  readonly displayName: string | null;
  readonly nickname: string | null;
  readonly avatar: Avatar | null;
  readonly approved: boolean;
  readonly approvedMe: boolean;
  readonly blocked: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
};

/** Fields left out are kept as they are (or take their default on creation). */
export type ContactUpsert = {
  readonly sessionId: SessionId;
  readonly displayName?: string | null;
  readonly nickname?: string | null;
  readonly avatar?: Avatar | null;
  readonly approved?: boolean;
  readonly approvedMe?: boolean;
  readonly blocked?: boolean;
};

const COLUMNS = {
  displayName: 'display_name',
  nickname: 'nickname',
  avatarUrl: 'avatar_url',
  avatarKey: 'avatar_key',
  approved: 'approved',
  approvedMe: 'approved_me',
  blocked: 'blocked',
} as const;

const zRow = z
  .object({
    session_id: zSessionId,
    display_name: z.string().nullable(),
    nickname: z.string().nullable(),
    avatar_url: z.string().nullable(),
    avatar_key: z.instanceof(Uint8Array).nullable(),
    approved: zBool,
    approved_me: zBool,
    blocked: zBool,
    created_at: zTime,
    updated_at: zTime,
  })
  .transform((r): ContactRecord => ({
    sessionId: r.session_id,
    displayName: r.display_name,
    nickname: r.nickname,
    avatar:
      r.avatar_url !== null && r.avatar_key !== null
        ? { url: r.avatar_url, key: new Uint8Array(r.avatar_key) }
        : null,
    approved: r.approved,
    approvedMe: r.approved_me,
    blocked: r.blocked,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));

function toColumns(c: ContactUpsert): Partial<Record<keyof typeof COLUMNS, SqlValue>> {
  const v: Partial<Record<keyof typeof COLUMNS, SqlValue>> = {};
  if (c.displayName !== undefined) v.displayName = c.displayName;
  if (c.nickname !== undefined) v.nickname = c.nickname;
  if (c.avatar !== undefined) {
    v.avatarUrl = c.avatar?.url ?? null;
    v.avatarKey = c.avatar === null ? null : Buffer.from(c.avatar.key);
  }
  if (c.approved !== undefined) v.approved = toBit(c.approved);
  if (c.approvedMe !== undefined) v.approvedMe = toBit(c.approvedMe);
  if (c.blocked !== undefined) v.blocked = toBit(c.blocked);
  return v;
}

/** `transaction` is the connection's one wrapper (transact.ts): BEGIN IMMEDIATE, savepoint inside. */
export function contactsRepository(db: Sqlite, transaction: Transact) {
  const create = db.prepare<[string, number, number]>(
    `INSERT INTO contacts (session_id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (session_id) DO NOTHING`,
  );
  const getOne = db.prepare<[string]>('SELECT * FROM contacts WHERE session_id = ?');
  const all = db.prepare('SELECT * FROM contacts ORDER BY coalesce(nickname, display_name, session_id)');
  const blocked = db.prepare('SELECT * FROM contacts WHERE blocked = 1 ORDER BY session_id');

  const getContact = (id: SessionId): ContactRecord | undefined =>
    parseOptionalRow(zRow, getOne.get(id), 'contact');

  return {
    getContact,
    listContacts: (): ContactRecord[] => all.all().map((r) => parseRow(zRow, r, 'contact')),
    listBlocked: (): ContactRecord[] => blocked.all().map((r) => parseRow(zRow, r, 'contact')),

    /** Creates the contact if needed and sets the given fields, in one transaction. */
    upsertContact: (contact: ContactUpsert, now: number): ContactRecord =>
      transaction(() => {
        create.run(contact.sessionId, now, now);
        const set = assignments(COLUMNS, toColumns(contact));
        if (set.sql !== '') {
          db.prepare(`UPDATE contacts SET ${set.sql}, updated_at = ? WHERE session_id = ?`).run(
            ...set.values,
            now,
            contact.sessionId,
          );
        }
        const saved = getContact(contact.sessionId);
        if (saved === undefined) throw new Error('contact vanished during upsert');
        return saved;
      }),
  };
}

export type ContactsRepository = ReturnType<typeof contactsRepository>;
