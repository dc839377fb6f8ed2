/**
 * ConvoInfoVolatile config (namespace 4, domain "ConvoInfoVolatile", wrapper kind
 * CONVO_INFO_VOLATILE): read state only, §1.5.
 *
 * Upstream facts (libsession-util `src/config/convo_info_volatile.cpp`,
 * `include/session/config/convo_info_volatile.hpp` @ 8762e9d):
 * - `1` → {33-byte 05 ID → {`r` last read (unix ms), `u` 1 if marked unread}}, `g` → {33-byte 03
 *   ID → same}, `C` → {legacy group ID → same}, `o` → {canonical base URL → {`#` 32-byte server
 *   pubkey, `R` → {lower-case room → same}}};
 * - `set_base`: a last-read *older* than the stored one is written as is (explicit reset); a newer
 *   one only if it is within PRUNE_LOW (30 days) of now; `u` is a flag;
 * - `push` first prunes entries that are not unread and older than PRUNE_HIGH (45 days), in every
 *   scope (`1`, `g`, `C`, `b`, `o`; libsession `prune_stale` @ 093e9b2);
 * - erasing a community's last room erases its server entry (`#` included);
 * - `b` → {33-byte blinded ID, its `15`/`25` prefix byte included → {`r`, `u` as above, `y` 1 when
 *   the ID is `15` (legacy blinding), absent otherwise}}: community DMs (libsession
 *   `convo::blinded_one_to_one`, `set(const convo::blinded_one_to_one&)`; its `e`/`g` Session Pro
 *   fields are left as another client wrote them).
 * The clock is injected (pure layer): `now()` returns unix milliseconds.
 */
import type { Ed25519SecretKey } from '../../crypto/keys';
import { ConfigBase } from './base';
import type { ConfigPush, ConfigSnapshot, ConfigTypeInfo } from './base';
import { isDict } from './data';
import type { DumpError } from './dump';
import { asInt, flag, idFromKey, idKey, intValue, sortedEntries } from './fields';
import { canonicalCommunityUrl } from './community-url';

export const CONVO_INFO_VOLATILE: ConfigTypeInfo = {
  domain: 'ConvoInfoVolatile',
  namespace: 4,
  protobufKind: 3,
};

const DAY_MS = 24 * 3600 * 1000;
export const PRUNE_LOW_MS = 30 * DAY_MS;
export const PRUNE_HIGH_MS = 45 * DAY_MS;

export interface ReadState {
  /** Unix ms of the last read message; 0 = unknown. */
  readonly lastRead: number;
  readonly unread: boolean;
}

export type ConvoKind = '1to1' | 'group' | 'legacy-group' | 'blinded';
const SCOPE: Record<ConvoKind, string> = { '1to1': '1', group: 'g', 'legacy-group': 'C', blinded: 'b' };

/** A community DM's blinded ID: `15` (legacy blinding) or `25`, then 64 hex digits. */
const BLINDED_RE = /^(15|25)[0-9a-f]{64}$/;

export class ConvoInfoVolatile extends ConfigBase {
  private constructor(
    sk: Ed25519SecretKey,
    private readonly now: () => number,
    restored?: ConfigSnapshot,
  ) {
    super(CONVO_INFO_VOLATILE, sk, restored);
  }

  static create(sk: Ed25519SecretKey, now: () => number): ConvoInfoVolatile {
    return new ConvoInfoVolatile(sk, now);
  }

  static load(
    sk: Ed25519SecretKey,
    dump: Uint8Array,
    now: () => number,
  ): { ok: true; value: ConvoInfoVolatile } | { ok: false; error: DumpError } {
    const r = ConfigBase.restoreDump(dump);
    return r.ok ? { ok: true, value: new ConvoInfoVolatile(sk, now, r.value) } : r;
  }

  private path(kind: ConvoKind, id: string): string[] {
    if (kind !== 'blinded') return [SCOPE[kind], idKey(id, kind === 'group' ? '03' : '05')];
    const prefix = BLINDED_RE.exec(id.toLowerCase())?.[1];
    if (prefix !== '15' && prefix !== '25') throw new RangeError('expected a 15- or 25-prefixed blinded ID');
    return [SCOPE[kind], idKey(id, prefix)];
  }

  private read(path: readonly string[]): ReadState | undefined {
    const d = this.getValue(path);
    if (d === undefined || !isDict(d)) return undefined;
    return { lastRead: asInt(d.get('r')) ?? 0, unread: (asInt(d.get('u')) ?? 0) !== 0 };
  }

  private write(path: readonly string[], state: ReadState): void {
    const current = asInt(this.getValue([...path, 'r']));
    if (current !== undefined && state.lastRead < current)
      this.setValue([...path, 'r'], intValue(state.lastRead));
    else if (state.lastRead > this.now() - PRUNE_LOW_MS)
      this.setValue([...path, 'r'], intValue(state.lastRead));
    this.setValue([...path, 'u'], flag(state.unread));
  }

  get(kind: ConvoKind, id: string): ReadState | undefined {
    return this.read(this.path(kind, id));
  }

  set(kind: ConvoKind, id: string, state: ReadState): void {
    const path = this.path(kind, id);
    this.write(path, state);
    // `y`: legacy ("15") blinding, written only when set (libsession `set_nonzero_int`).
    if (kind === 'blinded') this.setValue([...path, 'y'], id.startsWith('15') ? intValue(1) : undefined);
  }

  erase(kind: ConvoKind, id: string): void {
    this.setValue(this.path(kind, id), undefined);
  }

  /** Every entry of one scope, keyed by hex ID. */
  all(kind: ConvoKind): { id: string; state: ReadState }[] {
    const scope = this.getValue([SCOPE[kind]]);
    if (scope === undefined || !isDict(scope)) return [];
    const out: { id: string; state: ReadState }[] = [];
    for (const [k] of sortedEntries(scope)) {
      const id = idFromKey(k);
      const state = this.read([SCOPE[kind], k]);
      if (id !== undefined && state !== undefined) out.push({ id, state });
    }
    return out;
  }

  getCommunity(baseUrl: string, room: string): ReadState | undefined {
    return this.read(['o', canonicalCommunityUrl(baseUrl), 'R', room.toLowerCase()]);
  }

  setCommunity(baseUrl: string, room: string, serverPubkey: Uint8Array, state: ReadState): void {
    const base = canonicalCommunityUrl(baseUrl);
    this.setValue(['o', base, '#'], serverPubkey);
    this.write(['o', base, 'R', room.toLowerCase()], state);
  }

  /** Erases a room's entry, and its server's once no room of it is left (as upstream). */
  eraseCommunity(baseUrl: string, room: string): void {
    this.eraseRoom(canonicalCommunityUrl(baseUrl), room.toLowerCase());
  }

  private eraseRoom(base: string, roomKey: string): void {
    this.setValue(['o', base, 'R', roomKey], undefined);
    const rooms = this.getValue(['o', base, 'R']);
    if (rooms === undefined || !isDict(rooms) || rooms.size === 0) this.setValue(['o', base], undefined);
  }

  /** Every community entry: canonical base URL, lower-case room and its read state. */
  communities(): { baseUrl: string; room: string; state: ReadState }[] {
    const o = this.getValue(['o']);
    if (o === undefined || !isDict(o)) return [];
    const out: { baseUrl: string; room: string; state: ReadState }[] = [];
    for (const [baseUrl] of sortedEntries(o)) {
      const rooms = this.getValue(['o', baseUrl, 'R']);
      if (rooms === undefined || !isDict(rooms)) continue;
      for (const [room] of sortedEntries(rooms)) {
        const state = this.read(['o', baseUrl, 'R', room]);
        if (state !== undefined) out.push({ baseUrl, room, state });
      }
    }
    return out;
  }

  /** `prune_stale`: drops read (not unread) entries older than `PRUNE_HIGH_MS`. */
  pruneStale(pruneMs: number = PRUNE_HIGH_MS): void {
    const cutoff = this.now() - pruneMs;
    for (const scope of ['1', 'g', 'C', 'b'] as const) {
      const d = this.getValue([scope]);
      if (d === undefined || !isDict(d)) continue;
      for (const k of [...d.keys()]) {
        const s = this.read([scope, k]);
        if (s && !s.unread && s.lastRead < cutoff) this.setValue([scope, k], undefined);
      }
    }
    const o = this.getValue(['o']);
    if (o === undefined || !isDict(o)) return;
    for (const base of [...o.keys()]) {
      const rooms = this.getValue(['o', base, 'R']);
      if (rooms === undefined || !isDict(rooms)) continue;
      for (const room of [...rooms.keys()]) {
        const s = this.read(['o', base, 'R', room]);
        if (s && !s.unread && s.lastRead < cutoff) this.eraseRoom(base, room);
      }
    }
  }

  override push(): ConfigPush {
    this.pruneStale();
    return super.push();
  }
}
