/**
 * Contacts config (namespace 3, domain "Contacts", wrapper kind CONTACTS), §1.5.
 *
 * Upstream facts (libsession-util `src/config/contacts.cpp` `Contacts::set`, `contact_info::load`,
 * `include/session/config/contacts.hpp` @ 8762e9d): `c` → {33-byte 05 ID → {`n` name (always
 * written, even empty, so the entry survives pruning), `N` nickname, `p`/`q` avatar, `a` approved,
 * `A` approved me, `b` blocked, `+` priority, `@` notifications (1 all, 2 disabled; "mentions
 * only" is stored as all), `!` mute until (s), `e`/`E` disappearing mode (1 after-send, 2
 * after-read) and timer (s), set together, `j` created (s)}}. Unknown per-contact keys (e.g. the
 * newer profile-updated / Pro fields) are left untouched by our writes.
 */
import { utf8 } from '../../crypto/bytes';
import type { Ed25519SecretKey } from '../../crypto/keys';
import { ConfigBase } from './base';
import type { ConfigSnapshot, ConfigTypeInfo } from './base';
import { isDict } from './data';
import type { ConfigDict } from './data';
import type { DumpError } from './dump';
import {
  asInt,
  asText,
  checkName,
  flag,
  idFromKey,
  idKey,
  nonempty,
  nonzero,
  positive,
  readPic,
  sortedEntries,
} from './fields';
import type { ProfilePic } from './fields';

export const CONTACTS: ConfigTypeInfo = { domain: 'Contacts', namespace: 3, protobufKind: 2 };

export type NotifyMode = 'default' | 'all' | 'disabled' | 'mentions-only';
export type ExpirationMode = 'after-send' | 'after-read';

export interface ContactInfo {
  /** 66-hex `05…` Session ID. */
  readonly sessionId: string;
  readonly name: string;
  readonly nickname: string;
  readonly profilePic: ProfilePic | undefined;
  readonly approved: boolean;
  readonly approvedMe: boolean;
  readonly blocked: boolean;
  /** −1 hidden, 0 normal, > 0 pinned. */
  readonly priority: number;
  readonly notifications: NotifyMode;
  /** Unix seconds; 0 = not muted. */
  readonly muteUntil: number;
  readonly expiration: { readonly mode: ExpirationMode; readonly seconds: number } | undefined;
  /** Unix seconds; 0 = unknown. */
  readonly created: number;
}

export function emptyContact(sessionId: string): ContactInfo {
  return {
    sessionId,
    name: '',
    nickname: '',
    profilePic: undefined,
    approved: false,
    approvedMe: false,
    blocked: false,
    priority: 0,
    notifications: 'default',
    muteUntil: 0,
    expiration: undefined,
    created: 0,
  };
}

const NOTIFY: Record<number, NotifyMode> = { 1: 'all', 2: 'disabled', 3: 'mentions-only' };

function readContact(sessionId: string, d: ConfigDict): ContactInfo {
  const mode = asInt(d.get('e'));
  const timer = asInt(d.get('E')) ?? 0;
  return {
    sessionId,
    name: asText(d.get('n')) ?? '',
    nickname: asText(d.get('N')) ?? '',
    profilePic: readPic(d.get('p'), d.get('q')),
    approved: (asInt(d.get('a')) ?? 0) !== 0,
    approvedMe: (asInt(d.get('A')) ?? 0) !== 0,
    blocked: (asInt(d.get('b')) ?? 0) !== 0,
    priority: asInt(d.get('+')) ?? 0,
    notifications: NOTIFY[asInt(d.get('@')) ?? 0] ?? 'default',
    muteUntil: asInt(d.get('!')) ?? 0,
    expiration:
      (mode === 1 || mode === 2) && timer > 0
        ? { mode: mode === 1 ? 'after-send' : 'after-read', seconds: timer }
        : undefined,
    created: asInt(d.get('j')) ?? 0,
  };
}

export class Contacts extends ConfigBase {
  private constructor(sk: Ed25519SecretKey, restored?: ConfigSnapshot) {
    super(CONTACTS, sk, restored);
  }

  static create(sk: Ed25519SecretKey): Contacts {
    return new Contacts(sk);
  }

  static load(
    sk: Ed25519SecretKey,
    dump: Uint8Array,
  ): { ok: true; value: Contacts } | { ok: false; error: DumpError } {
    const r = ConfigBase.restoreDump(dump);
    return r.ok ? { ok: true, value: new Contacts(sk, r.value) } : r;
  }

  get(sessionId: string): ContactInfo | undefined {
    const d = this.getValue(['c', idKey(sessionId)]);
    return d !== undefined && isDict(d) ? readContact(sessionId.toLowerCase(), d) : undefined;
  }

  getOrConstruct(sessionId: string): ContactInfo {
    return this.get(sessionId) ?? emptyContact(sessionId.toLowerCase());
  }

  /** Every contact, in key order. Entries whose key is not a 33-byte ID are skipped (kept). */
  all(): ContactInfo[] {
    const c = this.getValue(['c']);
    if (c === undefined || !isDict(c)) return [];
    const out: ContactInfo[] = [];
    for (const [k, v] of sortedEntries(c)) {
      const id = idFromKey(k);
      if (id !== undefined && isDict(v)) out.push(readContact(id, v));
    }
    return out;
  }

  /** Writes every known field of `contact` (`Contacts::set`). Throws RangeError on bad input. */
  set(contact: ContactInfo): void {
    checkName(contact.nickname, 'nickname');
    const base = ['c', idKey(contact.sessionId)];
    const put = (k: string, v: Parameters<ConfigBase['setValue']>[1]): void => {
      this.setValue([...base, k], v);
    };
    // Names are truncated to 100 bytes upstream; we refuse instead of cutting UTF-8 in half.
    checkName(contact.name, 'contact name');
    put('n', utf8(contact.name));
    put('N', nonempty(contact.nickname));
    const pic = contact.profilePic;
    const picOk = pic !== undefined && pic.url !== '' && pic.key.length === 32;
    put('p', picOk ? utf8(pic.url) : undefined);
    put('q', picOk ? pic.key : undefined);
    put('a', flag(contact.approved));
    put('A', flag(contact.approvedMe));
    put('b', flag(contact.blocked));
    put('+', nonzero(contact.priority));
    const notify = contact.notifications === 'mentions-only' ? 'all' : contact.notifications;
    put('@', notify === 'all' ? 1n : notify === 'disabled' ? 2n : undefined);
    put('!', positive(contact.muteUntil));
    const exp = contact.expiration;
    const expOk = exp !== undefined && exp.seconds > 0;
    put('e', expOk ? (exp.mode === 'after-send' ? 1n : 2n) : undefined);
    put('E', expOk ? positive(exp.seconds) : undefined);
    put('j', positive(contact.created));
  }

  /** Read-modify-write of some fields (what the app's contact actions use). */
  update(sessionId: string, patch: Partial<Omit<ContactInfo, 'sessionId'>>): void {
    this.set({ ...this.getOrConstruct(sessionId), ...patch });
  }

  /** Removes the contact; returns whether it existed. */
  erase(sessionId: string): boolean {
    const key = idKey(sessionId);
    const existed = this.getValue(['c', key]) !== undefined;
    this.setValue(['c', key], undefined);
    return existed;
  }
}
