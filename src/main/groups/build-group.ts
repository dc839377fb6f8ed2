/**
 * A new group's first swarm messages (sync-groups-communities.md §3.3; libsession-util
 * `groups/keys.cpp` `rekey`, desktop `createClosedGroup`): the group key pair, the generation-0
 * Keys message for every member (admin included), and the signed Info and Members configs
 * encrypted with that key. Pure: the caller stores them and writes the database.
 */
import type { SessionId } from '../../crypto/keys';
import { generateGroupKeyPair, type GroupKeyPair } from '../../swarm/groups/identity';
import { buildRekeyMessage } from '../../swarm/groups/keys-message';
import { GroupInfo, GroupMembers, InviteStatus, newMember } from '../../swarm/groups/configs';

/** Session's limit: a group holds at most 100 members, its admin included. */
export const MAX_GROUP_MEMBERS = 100;
/** Session's 100-byte cap on names (UserGroups and Info cut there). */
export const MAX_GROUP_NAME_BYTES = 100;

export interface NewGroupInput {
  readonly name: string;
  readonly admin: SessionId;
  readonly adminName: string;
  /** The other members (no duplicates, not the admin). */
  readonly members: readonly SessionId[];
  /** The names the members' contact entries give (Members `n`), where known. */
  readonly memberNames?: ReadonlyMap<string, string>;
  readonly nowMs: number;
}

export interface BuiltGroup {
  readonly keyPair: GroupKeyPair;
  readonly key: Uint8Array;
  readonly generation: number;
  /** Namespace 12, 13, 14, in that order of storing. */
  readonly keys: Uint8Array;
  readonly info: Uint8Array;
  readonly membersConfig: Uint8Array;
  /** The configs themselves, kept by the creator (admin/config-dumps.ts) once stored. */
  readonly configs: { readonly info: GroupInfo; readonly members: GroupMembers };
}

export function buildNewGroup(
  input: NewGroupInput,
  keyPair: GroupKeyPair = generateGroupKeyPair(),
): BuiltGroup {
  const everyone = [input.admin, ...input.members];
  if (everyone.length > MAX_GROUP_MEMBERS) throw new RangeError('a group holds at most 100 members');
  const rekey = buildRekeyMessage(keyPair, everyone, 0);
  const signer = { publicKey: keyPair.publicKey, secretKey: keyPair.secretKey };
  const info = new GroupInfo(signer, [rekey.key]);
  info.setName(input.name);
  info.setCreatedSeconds(Math.floor(input.nowMs / 1000));
  const members = new GroupMembers(signer, [rekey.key]);
  members.set({ ...newMember(input.admin, input.adminName), admin: true, inviteStatus: 0 });
  // The invitations are queued in the crash-safe outbox in the same step: "sent", as desktop
  // marks them once handed to its sending queue.
  for (const m of input.members)
    members.set({ ...newMember(m, input.memberNames?.get(m) ?? ''), inviteStatus: InviteStatus.Sent });
  return {
    keyPair,
    key: rekey.key,
    generation: rekey.generation,
    keys: rekey.message,
    info: info.push().data,
    membersConfig: members.push().data,
    configs: { info, members },
  };
}
