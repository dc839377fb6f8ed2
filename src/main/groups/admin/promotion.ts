/**
 * `GroupUpdatePromoteMessage{groupIdentitySeed, name}` received 1-to-1 (sync-groups-communities.md
 * §3.3; desktop `handleGroupUpdatePromoteMessage`): the seed is its own proof — its Ed25519 public
 * key must be the group's ID — so no signature is carried. We keep the seed and are an admin from
 * then on (UserGroups `K` follows through config sync). A seed for another group, or for a group
 * we do not hold, is ignored.
 */
import type { SessionId } from '../../../crypto/keys';
import { decodeGroupUpdate } from '../../../swarm/groups/control-messages';
import { groupKeyPairFromSeed, type GroupId } from '../../../swarm/groups/identity';
import type { VeilDatabase } from '../../db';

export type PromotionOutcome =
  | { readonly kind: 'promoted'; readonly groupId: GroupId }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'not-a-promotion' };

export function receivePromotion(db: VeilDatabase, sender: SessionId, bytes: Uint8Array): PromotionOutcome {
  const decoded = decodeGroupUpdate(bytes);
  const promote = decoded.ok ? decoded.value.promoteMessage : undefined;
  if (!promote) return { kind: 'not-a-promotion' };
  const group = groupKeyPairFromSeed(promote.groupIdentitySeed);
  const row = db.groups.get(group.groupId);
  if (!row)
    return { kind: 'ignored', reason: `a promotion to a group we are not in (from ${sender.slice(0, 10)})` };
  if (row.status === 'left') return { kind: 'ignored', reason: 'a promotion to a group we left' };
  if (row.adminSeed !== null) return { kind: 'ignored', reason: 'already an admin' };
  db.groups.setAdminSeed(group.groupId, group.seed);
  return { kind: 'promoted', groupId: group.groupId };
}
