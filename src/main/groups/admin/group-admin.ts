/**
 * The admin operations of a private group (issue #18 item 5; the `GroupAdminApi` contract),
 * made of the steps in admin-steps.ts: member changes (member-ops.ts, removals.ts) and Info
 * changes (info-ops.ts).
 */
import type { SessionId } from '../../../crypto/keys';
import type { GroupAdminApi } from '../admin-api';
import type { AdminContext } from './admin-context';
import { AdminSteps } from './admin-steps';
import * as info from './info-ops';
import * as members from './member-ops';
import { RemovalJob } from './removal-job';
import * as removals from './removals';

export class GroupAdmin implements GroupAdminApi {
  private readonly s: AdminSteps;
  /** Removals written down and finished in steps, retried until done (removal-job.ts). */
  readonly removals: RemovalJob;

  constructor(c: AdminContext, removalRetryMs?: number) {
    this.s = new AdminSteps(c);
    this.removals = new RemovalJob(this.s, removalRetryMs);
  }

  addMembers(groupId: string, texts: readonly string[], opts: { shareHistory: boolean }): Promise<void> {
    return members.addMembers(this.s, groupId, texts, opts);
  }

  removeMembers(groupId: string, texts: readonly string[], opts: { deleteMessages: boolean }): Promise<void> {
    return removals.removeMembers(this.s, this.removals, groupId, texts, opts);
  }

  /** We were promoted (promotion.ts): our own Members entry says so (`A` = 1, `P` cleared). */
  acceptPromotion(groupId: string): Promise<void> {
    return members.acceptPromotion(this.s, groupId);
  }

  /** A member told the group they left: removed like anyone else, without a control message. */
  dropLeftMember(groupId: string, member: SessionId): Promise<void> {
    return removals.dropLeftMember(this.s, this.removals, groupId, member);
  }

  promote(groupId: string, texts: readonly string[]): Promise<void> {
    return members.promote(this.s, groupId, texts);
  }

  resendInvite(groupId: string, member: string): Promise<void> {
    return members.resendInvite(this.s, groupId, member);
  }

  rename(groupId: string, nameText: string): Promise<void> {
    return info.rename(this.s, groupId, nameText);
  }

  setDescription(groupId: string, description: string): Promise<void> {
    return info.setDescription(this.s, groupId, description);
  }

  setPicture(groupId: string, picture: Uint8Array | null): Promise<void> {
    return info.setPicture(this.s, groupId, picture);
  }

  setDisappearing(groupId: string, seconds: number): Promise<void> {
    return info.setDisappearing(this.s, groupId, seconds);
  }

  destroy(groupId: string): Promise<void> {
    return info.destroy(this.s, groupId);
  }
}
