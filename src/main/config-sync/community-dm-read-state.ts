/**
 * Community DMs' read state in ConvoInfoVolatile `b` (libsession `convo_info_volatile.hpp`
 * `convo::blinded_one_to_one`: 33-byte blinded ID, `15`/`25` prefix included → {`r` last read,
 * ms; `u` marked unread; `y` legacy blinding}; docs/protocol-notes.md), by the rules in
 * entry-read-state.ts, as groups' `g` entries (group-read-state.ts).
 */
import type { ConvoInfoVolatile } from '../../swarm/config';
import type { GlueContext } from './apply';
import { applyEntryReadState, collectEntryReadState, type EntryKind } from './entry-read-state';

const BLINDED_RE = /^(?:15|25)[0-9a-f]{64}$/;

const COMMUNITY_DMS: EntryKind = {
  kind: 'blinded',
  isId: (id) => BLINDED_RE.test(id),
  isRow: (row) => row.type === 'community_dm',
};

/** Database → config, for the community DMs named, or every one. */
export function collectCommunityDmReadState(
  ctx: GlueContext,
  volatile: ConvoInfoVolatile,
  only?: Iterable<string>,
): void {
  collectEntryReadState(COMMUNITY_DMS, ctx, volatile, only);
}

/** Config → database: what another device of ours read in a community DM is read here. */
export function applyCommunityDmReadState(
  ctx: GlueContext,
  volatile: ConvoInfoVolatile,
  only?: Iterable<string>,
): boolean {
  return applyEntryReadState(COMMUNITY_DMS, ctx, volatile, only);
}
