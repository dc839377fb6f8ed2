/**
 * The steps every admin operation is made of (desktop's `metaGroups.ts`, libsession's
 * `groups/{keys,info,members}.cpp`):
 * 1. the group's configs are brought up to date (one poll of its swarm) and edited;
 * 2. a member change that needs a key rotates it: a new Keys generation for everyone still in
 *    the group (`rekey`), or, for members added with the history, a supplemental Keys message
 *    with every key we hold (`key_supplement`);
 * 3. Keys (12), then Info (13) and Members (14) are stored, signed by the group key;
 * 4. the signed GroupUpdate* control message goes to namespace 11 and the timeline gets a notice.
 */
import type { SessionId } from '../../../crypto/keys';
import { InviteStatus, RemovedStatus, type GroupMember } from '../../../swarm/groups/configs';
import type { GroupKeyPair } from '../../../swarm/groups/identity';
import { buildRekeyMessage } from '../../../swarm/groups/keys-message';
import { Namespace } from '../../../swarm/namespaces';
import type { ContentMessage } from '../../../swarm/messages/index';
import type { GroupNotice } from '../../../shared/group-notice';
import type { GroupMemberRow, GroupRow } from '../../db/groups';
import { GroupError } from '../errors';
import { adminKeyPair } from '../group-auth';
import { storeGroupConfig } from '../group-swarm';
import type { AdminContext } from './admin-context';
import { saveGroupConfigs, type GroupConfigs } from './config-dumps';
import { infoChangeUpdate, memberChangeUpdate, type InfoChange, type MemberChange } from './control-notices';

/** A group we are an admin of: its row and its key pair. */
export interface Admin {
  readonly row: GroupRow;
  readonly group: GroupKeyPair;
}

/** A new Keys message to store first, with the key it brings (a rekey) to keep once stored. */
export interface KeysPush {
  readonly message: Uint8Array;
  readonly key?: Uint8Array;
  readonly generation?: number;
}

export const groupUpdate = (bytes: Uint8Array): ContentMessage => ({
  dataMessage: { groupUpdateMessage: bytes },
});

export class AdminSteps {
  constructor(readonly c: AdminContext) {}

  adminOf(groupId: string): Admin {
    const row = this.c.row(groupId);
    const group = adminKeyPair(row);
    if (!group) throw new GroupError('not-allowed', 'only an admin of the group can do this');
    if (row.status !== 'joined') throw new GroupError('not-allowed', 'you are not a member of this group');
    return { row, group };
  }

  me(): SessionId {
    return this.c.identity().sessionId;
  }

  /** Everyone still in the group by the Members config (admins included). */
  static current(configs: GroupConfigs): GroupMember[] {
    return configs.members.all().filter((m) => m.removedStatus === RemovedStatus.None);
  }

  async configsOf(a: Admin): Promise<GroupConfigs> {
    this.c.network(); // offline: fail before any edit
    const configs = await this.c.freshConfigs(a.row.groupId);
    if (configs.members.all().length === 0)
      throw new GroupError('no-key', 'the group’s configs have not arrived yet: try again in a moment');
    return configs;
  }

  /** A new key generation for `members` (libsession `rekey`); the configs re-encrypt with it. */
  rekey(a: Admin, configs: GroupConfigs, members: readonly string[]): KeysPush & { generation: number } {
    const held = this.c.db.groups.keys(a.row.groupId);
    const generation = (held[0]?.generation ?? -1) + 1;
    const built = buildRekeyMessage(a.group, members as SessionId[], generation);
    const keys = [built.key, ...held.map((k) => k.key)];
    configs.info.replaceKeys(keys, true);
    configs.members.replaceKeys(keys, true);
    return built;
  }

  /** Stores Keys (when given), then Info and Members if they changed; keeps their dumps. */
  async push(a: Admin, configs: GroupConfigs, keys?: KeysPush): Promise<void> {
    const network = this.c.network();
    const auth = { kind: 'group-admin', ed25519SecretKey: a.group.secretKey } as const;
    const { db } = this.c;
    if (keys) {
      const stored = await storeGroupConfig(network, a.row.groupId, auth, Namespace.GroupKeys, keys.message);
      if (keys.key && keys.generation !== undefined)
        db.groups.addKey(a.row.groupId, {
          generation: keys.generation,
          key: keys.key,
          timestamp: stored.storedAtMs ?? Date.now(),
        });
    }
    for (const [config, ns] of [
      [configs.info, Namespace.GroupInfo],
      [configs.members, Namespace.GroupMembers],
    ] as const) {
      if (!config.needsPush()) continue;
      const p = config.push();
      const stored = await storeGroupConfig(network, a.row.groupId, auth, ns, p.data);
      config.confirmPushed(p.seqno, stored.hash);
    }
    saveGroupConfigs(db, a.row.groupId, configs);
  }

  /** Our rows of the membership, as the Members config now says (accepted invites kept). */
  writeMembers(a: Admin, configs: GroupConfigs): void {
    const { db } = this.c;
    const before = new Map(db.groups.members(a.row.groupId).map((m) => [m.sessionId, m]));
    const rows = AdminSteps.current(configs).map((m): GroupMemberRow => {
      const known = before.get(m.sessionId);
      const status =
        m.admin || known?.status === 'accepted'
          ? 'accepted'
          : m.inviteStatus === InviteStatus.Failed
            ? 'failed'
            : m.inviteStatus === InviteStatus.NotSent
              ? 'not-sent'
              : m.inviteStatus === InviteStatus.Sent
                ? 'sent'
                : 'accepted';
      return { sessionId: m.sessionId, name: m.name || (known?.name ?? ''), admin: m.admin, status };
    });
    db.groups.setMembers(a.row.groupId, rows);
  }

  /** The signed control message to namespace 11 and its notice in the timeline. */
  async announce(a: Admin, update: (sentAt: number) => Uint8Array, notice: GroupNotice): Promise<void> {
    try {
      const sent = await this.c.sendToGroup(a.row, (sentAt) => groupUpdate(update(sentAt)));
      this.c.notice(a.row.groupId, notice, sent.sentAt);
    } catch (e) {
      // The change itself is in the swarm already; members see it from the configs.
      this.c.log(`group control message not sent: ${e instanceof Error ? e.message : String(e)}`);
      this.c.notice(a.row.groupId, notice, Date.now());
    }
    this.c.changed([a.row.groupId]);
  }

  memberChange(a: Admin, type: MemberChange, members: readonly SessionId[], history = false) {
    return (sentAt: number) => memberChangeUpdate(a.group, type, members, sentAt, history);
  }

  infoChange(a: Admin, type: InfoChange, value: { name?: string; expirationSeconds?: number } = {}) {
    return (sentAt: number) => infoChangeUpdate(a.group, type, sentAt, value);
  }
}
