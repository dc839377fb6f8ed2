/**
 * Joined communities ↔ UserGroups `o` (sync-groups-communities.md §1.5: canonical base URL →
 * {`#` server pubkey, `R` → {lower-case room → {`n` room name with its case, `+` priority…}}}),
 * so the account's other devices join and leave the same rooms. Called by config sync: collect
 * after a local join or leave, apply after a merge.
 */
import { fromHex, isHex, toHex } from '../../crypto/bytes';
import type { UserGroups } from '../../swarm/config';
import type { VeilDatabase } from '../db';

const key = (baseUrl: string, room: string) => `${baseUrl}/${room.toLowerCase()}`;

/** The rooms a UserGroups config lists, by `base/room` key. */
export function configRoomKeys(groups: UserGroups): Set<string> {
  return new Set(groups.communities().map((c) => key(c.baseUrl, c.room)));
}

/** Writes the joined rooms into the config and erases those left here. */
export function collectCommunities(db: VeilDatabase, groups: UserGroups): void {
  const rooms = db.communities.rooms();
  const present = new Set(rooms.map((r) => key(r.baseUrl, r.token)));
  const entries = groups.communities();
  for (const r of rooms) {
    const existing = entries.find((e) => key(e.baseUrl, e.room) === key(r.baseUrl, r.token));
    const samePk = existing?.serverPubkey !== undefined && toHex(existing.serverPubkey) === r.serverPk;
    if (existing && samePk && existing.name === r.token) continue;
    groups.setCommunity(r.baseUrl, r.token, fromHex(r.serverPk), existing?.priority ?? 0);
  }
  for (const e of entries) if (!present.has(key(e.baseUrl, e.room))) groups.eraseCommunity(e.baseUrl, e.room);
}

/**
 * Joins here what the config lists and leaves what another device removed (`before` = the
 * config's rooms before the merge). Returns the rooms that changed, and whether any was added.
 */
export function applyCommunities(
  db: VeilDatabase,
  groups: UserGroups,
  before: ReadonlySet<string>,
  now: number,
): number[] {
  const changed: number[] = [];
  const after = new Set<string>();
  for (const e of groups.communities()) {
    const pk = e.serverPubkey ? toHex(e.serverPubkey) : '';
    if (pk.length !== 64 || !isHex(pk) || !/^[0-9A-Za-z_-]{1,64}$/.test(e.room)) continue;
    after.add(key(e.baseUrl, e.room));
    if (db.communities.roomByToken(e.baseUrl, e.room)) continue;
    // `n` keeps the room's case; the key is lower-case.
    const token = e.name.toLowerCase() === e.room.toLowerCase() ? e.name : e.room;
    changed.push(db.communities.addRoom(e.baseUrl, pk, token, token, now).id);
  }
  for (const r of db.communities.rooms()) {
    const k = key(r.baseUrl, r.token);
    if (before.has(k) && !after.has(k) && db.communities.removeRoom(r.id)) changed.push(r.id);
  }
  return changed;
}
