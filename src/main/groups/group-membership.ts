/**
 * Our own membership of groups: invitations received (1-to-1 `groupUpdateMessage`), accepted
 * (the swarm polled, `GroupUpdateInviteResponseMessage` sent once a key arrived) or declined,
 * leaving, and a promotion to admin received from another admin.
 */
import { z } from 'zod';
import type { SessionId } from '../../crypto/keys';
import { ownProfile } from './member-profile';
import { encodeGroupUpdate } from '../../swarm/groups/control-messages';
import { receivePromotion } from './admin/promotion';
import { GroupError } from './errors';
import type { GroupPolling } from './group-polling';
import type { GroupRuntime } from './group-runtime';
import { sendGroupContent } from './group-sender';
import { receiveInvite } from './invitations';

/** Polls of a just-accepted group's swarm while its key has not arrived. */
const ACCEPT_POLLS = 5;
const zNumber = z.number();
const zBoolean = z.boolean();
const declinedKey = (id: string) => `groups.declined.${id}`;
const responseKey = (id: string) => `groups.response-pending.${id}`;

export class GroupMembership {
  constructor(
    private readonly rt: GroupRuntime,
    private readonly polling: GroupPolling,
    /** We were promoted: our own Members entry says so (admin/group-admin.ts). */
    private readonly acceptPromotion: (groupId: string) => Promise<void>,
  ) {}

  /**
   * A 1-to-1 `groupUpdateMessage` (the messaging service calls this inside its receiving
   * transaction): a valid invitation is stored, anything else ignored.
   */
  receiveUpdate(sender: SessionId, sentAt: number, update: Uint8Array, now: number): void {
    const { rt } = this;
    const identity = rt.o.identity();
    const promoted = receivePromotion(rt.db, sender, update);
    if (promoted.kind === 'promoted') {
      // Our poller signs as the group now, and our configs may be written: build them anew.
      queueMicrotask(() => {
        void this.becameAdmin(promoted.groupId);
      });
      return;
    }
    if (promoted.kind === 'ignored') {
      rt.o.log(`group promotion from ${sender.slice(0, 10)} ignored: ${promoted.reason}`);
      return;
    }
    const outcome = receiveInvite(rt.db, identity, sender, sentAt, update, now);
    if (outcome.kind === 'ignored') {
      rt.o.log(`group update from ${sender.slice(0, 10)} ignored: ${outcome.reason}`);
      return;
    }
    const declinedAt = rt.db.kv.get(declinedKey(outcome.groupId), zNumber);
    if (declinedAt !== undefined && declinedAt >= sentAt) {
      rt.db.groups.setStatus(outcome.groupId, 'left');
      return;
    }
    queueMicrotask(() => {
      rt.emit([outcome.groupId]);
    });
  }

  /** Accepts an invitation: the group's swarm is polled and our acceptance sent to it. */
  async accept(groupId: string): Promise<void> {
    const { rt } = this;
    const row = rt.row(groupId);
    if (row.status !== 'invited')
      throw new GroupError('not-allowed', 'there is no pending invitation to this group');
    rt.network();
    rt.db.transaction(() => {
      rt.db.groups.setStatus(row.groupId, 'joined', rt.now());
      rt.db.kv.set(responseKey(row.groupId), true);
    });
    rt.emit([row.groupId]);
    this.polling.sync();
    // The Keys message may take a poll or two to reach every member of the swarm.
    for (let i = 0; i < ACCEPT_POLLS && rt.db.groups.keys(row.groupId).length === 0; i++)
      await this.polling.pollerOf(row.groupId)?.poller.pollOnce();
    await this.sendPendingResponse(row.groupId);
  }

  /**
   * Declines an invitation: kept as "left" without a join (hidden from the list), so that config
   * sync erases it from UserGroups; a later invitation brings it back.
   */
  decline(groupId: string): void {
    const { rt } = this;
    const row = rt.row(groupId);
    if (row.status !== 'invited')
      throw new GroupError('not-allowed', 'there is no pending invitation to this group');
    rt.db.transaction(() => {
      rt.db.kv.set(declinedKey(row.groupId), row.invitedAt ?? 0);
      rt.db.groups.setStatus(row.groupId, 'left');
    });
    rt.emit([row.groupId]);
  }

  /** Leaves a group: the others are told (`GroupUpdateMemberLeftMessage`), polling stops. */
  async leave(groupId: string): Promise<void> {
    const { rt } = this;
    const row = rt.row(groupId);
    if (row.status !== 'joined') throw new GroupError('not-allowed', 'you are not a member of this group');
    try {
      await sendGroupContent(rt, row, () => ({
        dataMessage: { groupUpdateMessage: encodeGroupUpdate({ memberLeftMessage: {} }) },
      }));
    } catch (e) {
      // Leaving works offline too; the others learn it from the admin's next Members config.
      rt.o.log(`group leave notice not sent: ${rt.errorText(e)}`);
    }
    rt.db.groups.setStatus(row.groupId, 'left');
    await this.polling.drop(row.groupId);
    rt.emit([row.groupId]);
  }

  /** `GroupUpdateInviteResponseMessage{isApproved}` once we hold a key to send it with. */
  async sendPendingResponse(groupId: string): Promise<void> {
    const { rt } = this;
    const { db } = rt;
    const row = db.groups.get(groupId);
    if (row?.status !== 'joined' || db.kv.get(responseKey(groupId), zBoolean) !== true) return;
    if (db.groups.keys(groupId).length === 0) return;
    try {
      await sendGroupContent(rt, row, () => ({
        dataMessage: {
          groupUpdateMessage: encodeGroupUpdate({ inviteResponse: { isApproved: true } }),
          ...ownProfile(rt.o.displayName(), rt.o.ownPicture?.()),
        },
      }));
      db.kv.delete(responseKey(groupId));
    } catch (e) {
      rt.o.log(`group invite response not sent yet: ${rt.errorText(e)}`);
    }
  }

  /** After a promotion: poll as the group, and accept it in Members (`A` set, `P` cleared). */
  private async becameAdmin(groupId: string): Promise<void> {
    const { rt } = this;
    await this.polling.drop(groupId);
    this.polling.sync();
    rt.emit([groupId]);
    try {
      await this.acceptPromotion(groupId);
    } catch (e) {
      rt.o.log(`group promotion not accepted in Members yet: ${rt.errorText(e)}`);
    }
  }
}
