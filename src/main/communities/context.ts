/**
 * What the community operations share (the service builds one): the database, the bus, signed
 * requests, and the lookups every operation needs. Kept as an interface so the operation modules
 * depend on it, not on the service class (no import circle).
 */
import type { Identity } from '../../crypto/keys';
import type { CommunityRoomRow, VeilDatabase } from '../db';
import type { DomainBus } from '../domain/bus';
import type { NetworkClient } from '../network';
import { CommunityError } from './errors';
import type { IngestCounters } from './ingest';
import type { CommunityAddress } from './join-url';
import type { SogsDeps } from './sogs-client';

export interface CommunityContext {
  readonly db: VeilDatabase;
  readonly bus: DomainBus;
  readonly deps: SogsDeps;
  readonly network: NetworkClient | undefined;
  readonly identity: () => Identity;
  readonly displayName: () => string | undefined;
  /** The Settings toggle "message requests from communities" (our posts carry its opposite, field 106). */
  readonly dmsEnabled: () => boolean;
  readonly counters: IngestCounters;
  readonly log: (line: string) => void;
  /** The IDs a post of ours may carry on this server (blinded, unblinded, Session ID). */
  ownIds(a: CommunityAddress): ReadonlySet<string>;
  /** The joined room; not-joined otherwise. */
  rowOf(id: number): CommunityRoomRow;
  /** Whether the server blinds IDs (it says `blind`, or says nothing as old servers). */
  blinded(row: CommunityRoomRow): boolean;
  emitRooms(ids: number[]): void;
}

/** Code points, as the limit is counted (an emoji of several code points counts several). */
export function codePointCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** The trimmed text of a post or DM, within the server's limit. */
export function checkedBody(text: string, max: number, what: 'post' | 'message'): string {
  const body = text.trim();
  if (body === '' || codePointCount(body) > max)
    throw new CommunityError('bad-message', `a ${what} has 1 to ${max} characters`);
  return body;
}
