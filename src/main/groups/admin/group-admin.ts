/**
 * The admin operations of a private group (issue #18 item 5; the `GroupAdminApi` contract). Each
 * one follows desktop's `metaGroups.ts` and libsession's `groups/{keys,info,members}.cpp`:
 * 1. the group's configs are brought up to date (one poll of its swarm) and edited;
 * 2. a member change that needs a key rotates it: a new Keys generation for everyone still in
 *    the group (`rekey`), or, for members added with the history, a supplemental Keys message
 *    with every key we hold (`key_supplement`);
 * 3. Keys (12), then Info (13) and Members (14) are stored, signed by the group key;
 * 4. the signed GroupUpdate* control message goes to namespace 11 and the timeline gets a notice.
 * A removed member is told before the key changes (the REMOVED message is readable with the key
 * they hold), then their sub-account token is revoked: they can neither read the new key nor
 * poll the swarm again.
 */
import { randomBytes } from 'node:crypto';
import { utf8 } from '../../../crypto/bytes';
import type { SessionId } from '../../../crypto/keys';
import {
  asProfileKey,
  encryptProfileAvatar,
  PROFILE_IV_BYTES,
  PROFILE_KEY_BYTES,
} from '../../../crypto/profile-avatar';
import { encodeGroupUpdate } from '../../../swarm/groups/control-messages';
import {
  InviteStatus,
  MAX_DESCRIPTION_BYTES,
  newMember,
  RemovedStatus,
  type GroupMember,
} from '../../../swarm/groups/configs';
import type { GroupKeyPair } from '../../../swarm/groups/identity';
import { buildRekeyMessage, buildSupplementMessage } from '../../../swarm/groups/keys-message';
import { subaccountToken } from '../../../swarm/groups/subaccount';
import { Namespace } from '../../../swarm/namespaces';
import type { ContentMessage } from '../../../swarm/messages/index';
import type { GroupNotice } from '../../../shared/group-notice';
import type { GroupMemberRow, GroupRow } from '../../db/groups';
import { uploadFile } from '../../files/file-client';
import { AVATAR_MAX_BYTES, imageMimeOf } from '../../files/image-type';
import type { GroupAdminApi } from '../admin-api';
import { MAX_GROUP_MEMBERS } from '../build-group';
import { GroupError } from '../errors';
import { adminKeyPair } from '../group-auth';
import { groupNameOrThrow, membersOrThrow } from '../group-input';
import { storeGroupConfig } from '../group-swarm';
import { inviteContent } from '../invitations';
import { contactNameOf } from '../member-profile';
import type { AdminContext } from './admin-context';
import { saveGroupConfigs, type GroupConfigs } from './config-dumps';
import {
  deleteContentUpdate,
  infoChangeUpdate,
  memberChangeUpdate,
  type InfoChange,
  type MemberChange,
} from './control-notices';
import { changeRevocations, deleteFromGroupSwarm } from './swarm-ops';

/** Desktop's longest disappearing timer offered is 4 weeks; the notice allows a year. */
const MAX_TIMER_SECONDS = 365 * 86_400;
/** Members config `P`: promotion sent, not yet accepted by the promoted member. */
const PROMOTION_SENT = 1;

interface Admin {
  readonly row: GroupRow;
  readonly group: GroupKeyPair;
}

const groupUpdate = (bytes: Uint8Array): ContentMessage => ({ dataMessage: { groupUpdateMessage: bytes } });

export class GroupAdmin implements GroupAdminApi {
  constructor(private readonly c: AdminContext) {}

  private adminOf(groupId: string): Admin {
    const row = this.c.row(groupId);
    const group = adminKeyPair(row);
    if (!group) throw new GroupError('not-allowed', 'only an admin of the group can do this');
    if (row.status !== 'joined') throw new GroupError('not-allowed', 'you are not a member of this group');
    return { row, group };
  }

  /** Everyone still in the group by the Members config (admins included). */
  private static current(configs: GroupConfigs): GroupMember[] {
    return configs.members.all().filter((m) => m.removedStatus === RemovedStatus.None);
  }

  private async configsOf(a: Admin): Promise<GroupConfigs> {
    this.c.network(); // offline: fail before any edit
    const configs = await this.c.freshConfigs(a.row.groupId);
    if (configs.members.all().length === 0)
      throw new GroupError('no-key', 'the group’s configs have not arrived yet: try again in a moment');
    return configs;
  }

  /** A new key generation for `members` (libsession `rekey`); the configs re-encrypt with it. */
  private rekey(a: Admin, configs: GroupConfigs, members: readonly string[]) {
    const held = this.c.db.groups.keys(a.row.groupId);
    const generation = (held[0]?.generation ?? -1) + 1;
    const built = buildRekeyMessage(a.group, members as SessionId[], generation);
    const keys = [built.key, ...held.map((k) => k.key)];
    configs.info.replaceKeys(keys, true);
    configs.members.replaceKeys(keys, true);
    return built;
  }

  /** Stores Keys (when given), then Info and Members if they changed; keeps their dumps. */
  private async push(
    a: Admin,
    configs: GroupConfigs,
    keys?: { message: Uint8Array; key?: Uint8Array; generation?: number },
  ): Promise<void> {
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
  private writeMembers(a: Admin, configs: GroupConfigs): void {
    const { db } = this.c;
    const before = new Map(db.groups.members(a.row.groupId).map((m) => [m.sessionId, m]));
    const rows = GroupAdmin.current(configs).map((m): GroupMemberRow => {
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

  private async announce(
    a: Admin,
    update: (sentAt: number) => Uint8Array,
    notice: GroupNotice,
  ): Promise<void> {
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

  private memberChange(a: Admin, type: MemberChange, members: readonly SessionId[], history = false) {
    return (sentAt: number) => memberChangeUpdate(a.group, type, members, sentAt, history);
  }

  private infoChange(a: Admin, type: InfoChange, value: { name?: string; expirationSeconds?: number } = {}) {
    return (sentAt: number) => infoChangeUpdate(a.group, type, sentAt, value);
  }

  private me(): SessionId {
    return this.c.identity().sessionId;
  }

  async addMembers(
    groupId: string,
    texts: readonly string[],
    opts: { shareHistory: boolean },
  ): Promise<void> {
    const a = this.adminOf(groupId);
    const asked = membersOrThrow(texts, this.me());
    const configs = await this.configsOf(a);
    const present = new Set(GroupAdmin.current(configs).map((m) => m.sessionId));
    const added = asked.filter((m) => !present.has(m));
    if (added.length === 0) throw new GroupError('bad-member', 'everyone named is already in the group');
    if (present.size + added.length > MAX_GROUP_MEMBERS)
      throw new GroupError(
        'too-many-members',
        `a group holds at most ${MAX_GROUP_MEMBERS} members, you included`,
      );
    for (const m of added)
      configs.members.set({
        ...newMember(m, contactNameOf(this.c.db, m)),
        inviteStatus: InviteStatus.Sent,
        supplement: opts.shareHistory,
      });
    const network = this.c.network();
    // A member removed before and added again must be let back into the swarm.
    await changeRevocations(
      network,
      a.group,
      'unrevoke_subaccount',
      added.map((m) => subaccountToken(a.group, m)),
    );
    if (opts.shareHistory) {
      const held = [...this.c.db.groups.keys(a.row.groupId)].reverse();
      const message = buildSupplementMessage(
        a.group,
        added,
        held.map((k) => ({ generation: k.generation, key: k.key, timestampMs: k.timestamp })),
      );
      await this.push(a, configs, { message });
    } else {
      const everyone = [...present, ...added];
      const built = this.rekey(a, configs, everyone);
      await this.push(a, configs, built);
    }
    const { db } = this.c;
    db.transaction(() => {
      this.writeMembers(a, configs);
      for (const m of added)
        this.c.queueControl(m, 'group-invite', (sentAt) => inviteContent(a.group, a.row.name, m, sentAt));
    });
    this.c.kickOutbox();
    await this.announce(a, this.memberChange(a, 'ADDED', added, opts.shareHistory), {
      kind: 'members-added',
      by: this.me(),
      members: added,
      withHistory: opts.shareHistory,
    });
  }

  async removeMembers(
    groupId: string,
    texts: readonly string[],
    opts: { deleteMessages: boolean },
  ): Promise<void> {
    const a = this.adminOf(groupId);
    const me = this.me();
    if (texts.some((t) => t.trim().toLowerCase() === me))
      throw new GroupError('not-allowed', 'you cannot remove yourself: leave the group instead');
    const asked = membersOrThrow(texts, me);
    const configs = await this.configsOf(a);
    const current = GroupAdmin.current(configs);
    const byId = new Map(current.map((m) => [m.sessionId, m]));
    for (const m of asked) {
      const member = byId.get(m);
      if (!member) throw new GroupError('bad-member', `not a member of this group: ${m}`);
      if (member.admin) throw new GroupError('not-allowed', `an admin cannot be removed: ${m}`);
    }
    const removed = new Set<string>(asked);
    // Told first, with the key they still hold.
    await this.announce(a, this.memberChange(a, 'REMOVED', asked), {
      kind: 'members-removed',
      by: me,
      members: asked,
    });
    if (opts.deleteMessages) await this.deleteContentOf(a, asked);
    for (const m of asked) configs.members.erase(m);
    const remaining = current.filter((m) => !removed.has(m.sessionId)).map((m) => m.sessionId);
    const built = this.rekey(a, configs, remaining);
    await this.push(a, configs, built);
    await changeRevocations(
      this.c.network(),
      a.group,
      'revoke_subaccount',
      asked.map((m) => subaccountToken(a.group, m)),
    );
    this.writeMembers(a, configs);
    this.c.changed([a.row.groupId]);
  }

  /** We were promoted (promotion.ts): our own Members entry says so (`A` = 1, `P` cleared). */
  async acceptPromotion(groupId: string): Promise<void> {
    const a = this.adminOf(groupId);
    const configs = await this.configsOf(a);
    const me = this.me();
    const entry = configs.members.get(me);
    if (!entry || (entry.admin && entry.promotionStatus === 0)) return;
    configs.members.set({ ...entry, admin: true, promotionStatus: 0, inviteStatus: 0 });
    await this.push(a, configs);
    this.writeMembers(a, configs);
    this.c.changed([a.row.groupId]);
  }

  /**
   * A member told the group they left (`GroupUpdateMemberLeftMessage`): as desktop's admin does,
   * they are erased from Members, the key rotates without them and their token is revoked. No
   * control message: their own "left" is the notice.
   */
  async dropLeftMember(groupId: string, member: SessionId): Promise<void> {
    const a = this.adminOf(groupId);
    if (member === this.me()) return;
    const configs = await this.configsOf(a);
    const current = GroupAdmin.current(configs);
    if (!current.some((m) => m.sessionId === member)) return;
    configs.members.erase(member);
    const remaining = current.filter((m) => m.sessionId !== member).map((m) => m.sessionId);
    await this.push(a, configs, this.rekey(a, configs, remaining));
    await changeRevocations(this.c.network(), a.group, 'revoke_subaccount', [
      subaccountToken(a.group, member),
    ]);
    this.writeMembers(a, configs);
    this.c.changed([a.row.groupId]);
  }

  /** `GroupUpdateDeleteMemberContentMessage`, and their messages gone here and from the swarm. */
  private async deleteContentOf(a: Admin, members: readonly SessionId[]): Promise<void> {
    const gone = this.c.deleteMessagesOf(a.row.groupId, members);
    try {
      await this.c.sendToGroup(a.row, (sentAt) =>
        groupUpdate(deleteContentUpdate(a.group, members, [], sentAt)),
      );
      await deleteFromGroupSwarm(this.c.network(), a.group, gone);
    } catch (e) {
      this.c.log(`group content deletion not complete: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async promote(groupId: string, texts: readonly string[]): Promise<void> {
    const a = this.adminOf(groupId);
    const asked = membersOrThrow(texts, this.me());
    const configs = await this.configsOf(a);
    const byId = new Map(GroupAdmin.current(configs).map((m) => [m.sessionId, m]));
    const promoted: SessionId[] = [];
    for (const m of asked) {
      const member = byId.get(m);
      if (!member) throw new GroupError('bad-member', `not a member of this group: ${m}`);
      if (member.admin && member.promotionStatus === 0) continue;
      configs.members.set({ ...member, admin: true, promotionStatus: PROMOTION_SENT, inviteStatus: 0 });
      promoted.push(m);
    }
    if (promoted.length === 0) throw new GroupError('bad-member', 'everyone named is already an admin');
    await this.push(a, configs);
    const { db } = this.c;
    db.transaction(() => {
      this.writeMembers(a, configs);
      for (const m of promoted)
        this.c.queueControl(m, 'group-promote', () =>
          groupUpdate(
            encodeGroupUpdate({ promoteMessage: { groupIdentitySeed: a.group.seed, name: a.row.name } }),
          ),
        );
    });
    this.c.kickOutbox();
    await this.announce(a, this.memberChange(a, 'PROMOTED', promoted), {
      kind: 'promoted',
      by: this.me(),
      members: promoted,
    });
  }

  async resendInvite(groupId: string, member: string): Promise<void> {
    const a = this.adminOf(groupId);
    const [m] = membersOrThrow([member], this.me());
    if (m === undefined) throw new GroupError('bad-member', 'you are already in the group');
    const configs = await this.configsOf(a);
    const entry = configs.members.get(m);
    if (entry?.removedStatus !== RemovedStatus.None)
      throw new GroupError('bad-member', `not a member of this group: ${m}`);
    const row = this.c.db.groups.members(a.row.groupId).find((x) => x.sessionId === m);
    if (entry.admin || row?.status === 'accepted')
      throw new GroupError('not-allowed', 'this member has already accepted the invitation');
    configs.members.set({ ...entry, inviteStatus: InviteStatus.Sent });
    await this.push(a, configs);
    this.c.db.transaction(() => {
      this.writeMembers(a, configs);
      this.c.queueControl(m, 'group-invite', (sentAt) => inviteContent(a.group, a.row.name, m, sentAt));
    });
    this.c.kickOutbox();
    this.c.changed([a.row.groupId]);
  }

  async rename(groupId: string, nameText: string): Promise<void> {
    const a = this.adminOf(groupId);
    const name = groupNameOrThrow(nameText);
    const configs = await this.configsOf(a);
    configs.info.setName(name);
    await this.push(a, configs);
    this.c.db.groups.setName(a.row.groupId, name);
    await this.announce(a, this.infoChange(a, 'NAME', { name }), { kind: 'renamed', by: this.me(), name });
  }

  async setDescription(groupId: string, description: string): Promise<void> {
    const a = this.adminOf(groupId);
    const text = description.trim();
    if (utf8(text).length > MAX_DESCRIPTION_BYTES)
      throw new GroupError('bad-info', `a description is at most ${MAX_DESCRIPTION_BYTES} bytes`);
    const configs = await this.configsOf(a);
    configs.info.setDescription(text);
    await this.push(a, configs);
    // Session has no control message for a description: members read it from Info.
    this.c.notice(a.row.groupId, { kind: 'description-changed', by: this.me() }, Date.now());
    this.c.changed([a.row.groupId]);
  }

  async setPicture(groupId: string, picture: Uint8Array | null): Promise<void> {
    const a = this.adminOf(groupId);
    if (picture !== null) {
      if (picture.length > AVATAR_MAX_BYTES) throw new GroupError('bad-info', 'a picture is at most 5 MB');
      if (imageMimeOf(picture) === undefined)
        throw new GroupError('bad-info', 'a picture is a PNG, JPEG or WebP image');
    }
    const configs = await this.configsOf(a);
    if (picture === null) configs.info.setPicture(undefined);
    else {
      const server = await this.c.fileServer();
      if (!server) throw new GroupError('offline', 'no file server is known on this network');
      const key = asProfileKey(randomBytes(PROFILE_KEY_BYTES));
      const blob = encryptProfileAvatar(picture, key, randomBytes(PROFILE_IV_BYTES));
      const uploaded = await uploadFile(this.c.network(), server, blob);
      configs.info.setPicture({ url: uploaded.url, key });
    }
    await this.push(a, configs);
    await this.announce(a, this.infoChange(a, 'AVATAR'), {
      kind: 'picture-changed',
      by: this.me(),
      removed: picture === null,
    });
  }

  async setDisappearing(groupId: string, seconds: number): Promise<void> {
    const a = this.adminOf(groupId);
    if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_TIMER_SECONDS)
      throw new GroupError('bad-info', 'a disappearing timer is 0 (off) to 365 days in seconds');
    const configs = await this.configsOf(a);
    configs.info.setExpirySeconds(seconds);
    await this.push(a, configs);
    await this.announce(a, this.infoChange(a, 'DISAPPEARING_MESSAGES', { expirationSeconds: seconds }), {
      kind: 'disappearing-changed',
      by: this.me(),
      seconds,
    });
  }

  /**
   * libsession `destroy_group`: Info `!` set, with everything before now deleted (`d`, `D`), so
   * that members — and anyone restoring later — see the group as deleted.
   */
  async destroy(groupId: string): Promise<void> {
    const a = this.adminOf(groupId);
    const configs = await this.configsOf(a);
    const nowSeconds = Math.floor(this.c.network().networkNow() / 1000);
    configs.info.setDeleteBeforeSeconds(nowSeconds);
    configs.info.setDeleteAttachmentsBeforeSeconds(nowSeconds);
    configs.info.destroy();
    await this.push(a, configs);
    this.c.db.groups.setStatus(a.row.groupId, 'left');
    this.c.notice(a.row.groupId, { kind: 'destroyed', by: this.me() }, Date.now());
    await this.c.ended(a.row.groupId);
    this.c.changed([a.row.groupId]);
  }
}
