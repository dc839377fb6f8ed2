/**
 * Writing to a group's swarm: configs and Keys as its admin, messages as anyone in it
 * (sync-groups-communities.md §3.3). Messages are `encrypt_message` of an Envelope around the
 * Content (group-wire.ts) with the newest key, stored in namespace 11.
 */
import type { Identity } from '../../crypto/keys';
import { encryptGroupMessage } from '../../swarm/groups/group-message';
import type { ContentMessage } from '../../swarm/messages/index';
import { Namespace } from '../../swarm/namespaces';
import type { StorageAuth } from '../../swarm/storage-requests';
import { storeSigned, storeSignedQueued, type NetworkClient, type StoreResult } from '../network';
import { encodeGroupPlaintext } from './group-wire';

/** Desktop's TTLs: configs and Keys 30 days, messages 14 days. */
export const GROUP_CONFIG_TTL_MS = 30 * 24 * 3600_000;
export const GROUP_MESSAGE_TTL_MS = 14 * 24 * 3600_000;

export function storeGroupConfig(
  network: NetworkClient,
  groupId: string,
  auth: StorageAuth,
  namespace: number,
  data: Uint8Array,
): Promise<StoreResult> {
  return storeSigned(network, { pubkey: groupId, auth, namespace, data, ttlMs: GROUP_CONFIG_TTL_MS });
}

export function storeGroupMessage(
  network: NetworkClient,
  a: {
    groupId: string;
    auth: StorageAuth;
    identity: Identity;
    key: Uint8Array;
    sentAt: number;
    content: ContentMessage;
  },
): Promise<StoreResult> {
  const plain = encodeGroupPlaintext(a.sentAt, a.content);
  const data = encryptGroupMessage(plain, a.key, a.identity.ed25519SecretKey);
  // Queued with the other messages into this swarm: a burst shares its requests.
  return storeSignedQueued(network, {
    pubkey: a.groupId,
    auth: a.auth,
    namespace: Namespace.GroupMessages,
    data,
    ttlMs: GROUP_MESSAGE_TTL_MS,
  });
}
