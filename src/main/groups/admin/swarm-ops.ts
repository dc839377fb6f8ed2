/**
 * Group swarm requests beyond store and retrieve: an admin's `revoke_subaccount` /
 * `unrevoke_subaccount` (desktop `revokeSubaccount.ts`, `GroupPendingRemovalsJob.ts`: a removed
 * member's token is revoked, a re-added member's unrevoked), deleting messages by hash as the
 * group's owner, and a member's check that its sub-account still opens the swarm.
 */
import * as rpc from '../../../swarm/storage-requests';
import type { StorageAuth } from '../../../swarm/storage-requests';
import { Namespace } from '../../../swarm/namespaces';
import type { GroupKeyPair } from '../../../swarm/groups/identity';
import { NetworkError, retrieveEach, swarmFor, swarmRequest, type NetworkClient } from '../../network';

/** The storage server takes at most 50 tokens per revoke (`MAX_REVOKED_SUBACCOUNTS`). */
const REVOKE_BATCH = 50;

export async function changeRevocations(
  network: NetworkClient,
  group: GroupKeyPair,
  method: 'revoke_subaccount' | 'unrevoke_subaccount',
  tokens: readonly Uint8Array[],
): Promise<void> {
  const auth = { kind: 'group-admin', ed25519SecretKey: group.secretKey } as const;
  for (let i = 0; i < tokens.length; i += REVOKE_BATCH) {
    const chunk = tokens.slice(i, i + REVOKE_BATCH);
    const r = await swarmRequest(
      network,
      group.groupId,
      'sequence',
      (now) => [rpc.revokeSubaccounts({ auth, method, tokens: chunk, timestampMs: now })],
      method,
    );
    const first = r.results[0];
    if (first?.code !== 200)
      throw new NetworkError('server-error', `${method} answered ${first?.code ?? 'nothing'}`);
  }
}

/** Desktop stores the kicked message with the config TTL (`TTL_DEFAULT.CONFIG_MESSAGE`, 30 days). */
const KICKED_TTL_MS = 30 * 24 * 3600_000;

/**
 * The kicked message to namespace −11 and the revocation of the removed members' tokens, in one
 * `sequence` as desktop's `GroupPendingRemovalsJob` sends them: the message is stored first, so
 * that a member whose token is revoked always has it to read. Every answer must be 200.
 */
export async function kickFromSwarm(
  network: NetworkClient,
  group: GroupKeyPair,
  kicked: Uint8Array,
  tokens: readonly Uint8Array[],
): Promise<void> {
  const auth = { kind: 'group-admin', ed25519SecretKey: group.secretKey } as const;
  const first = tokens.slice(0, REVOKE_BATCH);
  const r = await swarmRequest(
    network,
    group.groupId,
    'sequence',
    (now) => [
      rpc.storeAuthenticated({
        auth,
        namespace: Namespace.GroupRevokedRetrievableMessages,
        timestampMs: now,
        ttlMs: KICKED_TTL_MS,
        data: kicked,
      }),
      rpc.revokeSubaccounts({ auth, method: 'revoke_subaccount', tokens: first, timestampMs: now }),
    ],
    'kick',
  );
  const bad = r.results.length !== 2 ? undefined : r.results.find((x) => x.code !== 200);
  if (r.results.length !== 2 || bad)
    throw new NetworkError('server-error', `kick answered ${bad?.code ?? `${r.results.length} result(s)`}`);
  await changeRevocations(network, group, 'revoke_subaccount', tokens.slice(REVOKE_BATCH));
}

/** Deletes messages of the group's swarm (the group key may delete anything in it). */
export async function deleteFromGroupSwarm(
  network: NetworkClient,
  group: GroupKeyPair,
  hashes: readonly string[],
): Promise<void> {
  if (hashes.length === 0) return;
  const auth = { kind: 'group-admin', ed25519SecretKey: group.secretKey } as const;
  await swarmRequest(
    network,
    group.groupId,
    'sequence',
    () => [rpc.deleteHashes({ auth, hashes })],
    'delete',
  );
}

/**
 * Does our sub-account still open the group's swarm? 'revoked' when a member of the swarm
 * refuses our signature (401: an admin removed us), 'unknown' when it could not be asked.
 */
export async function probeAccess(
  network: NetworkClient,
  groupId: string,
  auth: StorageAuth,
): Promise<'ok' | 'revoked' | 'unknown'> {
  try {
    const nodes = await swarmFor(network, groupId);
    const node = nodes[0];
    if (!node) return 'unknown';
    const [outcome] = await retrieveEach(network, groupId, node, [
      { namespace: Namespace.GroupMessages, lastHash: '', auth, maxSize: -50 },
    ]);
    if (outcome?.ok === true) return 'ok';
    return outcome?.code === 401 ? 'revoked' : 'unknown';
  } catch {
    return 'unknown';
  }
}
