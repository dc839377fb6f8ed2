/**
 * An admin keeps the Members config in step with what the group's polls showed of its members,
 * as Session's admins do:
 * - a member who joined (an approving invite response, or any message of a member whose invite
 *   is still pending: desktop `inviteResponseReceived` / `handleMessageFromPendingMember`) gets
 *   `I` cleared (libsession `set_invite_accepted`), so that every member and Session client sees
 *   them accepted, not "invite sent";
 * - names and pictures (`n`, `p`/`q`) follow what the members say of themselves in their
 *   messages (member-profile.ts): members who are not each other's contacts then see names.
 * The work is durable: the poll that saw it wrote it as pending (pending-member-writes.ts), and it
 * is cleared only with the saved Members; a crash or a failed push is retried at the next start
 * or poll. A profile older than the last one written for that member is ignored (messages arrive
 * out of order, and a second device of the admin reads the whole history again). One write per
 * group at a time; a change is one Members store, only when something differs.
 */
import { z } from 'zod';
import type { SessionId } from '../../../crypto/keys';
import { InviteStatus, RemovedStatus, type GroupMember } from '../../../swarm/groups/configs';
import { Namespace } from '../../../swarm/namespaces';
import { adminKeyPair } from '../group-auth';
import { storeGroupConfig } from '../group-swarm';
import type { AdminContext } from './admin-context';
import type { MemberProfile } from '../member-profile';
import { saveMembersConfig, type GroupConfigs } from './config-dumps';
import {
  forgetPending,
  hasPending,
  newestByMember,
  readPending,
  settlePending,
} from './pending-member-writes';

const appliedKey = (groupId: string, member: string) => `groups.member-profile-at.${groupId}.${member}`;
const zNumber = z.number();

type Picture = GroupMember['picture'];

function samePicture(a: Picture, b: Picture): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.url === b.url && Buffer.from(a.key).equals(Buffer.from(b.key));
}

export class MemberProfiles {
  private readonly running = new Map<string, Promise<void>>();
  /** Groups whose last Members push by us failed (its edit waits in the live configs). */
  private readonly unpushed = new Set<string>();

  constructor(private readonly c: AdminContext) {}

  /** Resolves when no write runs (before the service stops: a CLI command ends soon after a poll). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /**
   * Writes what is pending for this group (a poll just added to it, or the service started),
   * after any write already running for it.
   */
  seen(groupId: string): Promise<void> {
    if (!hasPending(this.c.db, groupId)) return Promise.resolve();
    const before = this.running.get(groupId) ?? Promise.resolve();
    const next = before
      .then(() => this.apply(groupId))
      .catch((e: unknown) => {
        // Still pending: the next poll of the group or the next start tries again.
        this.c.log(`group members not written yet: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        if (this.running.get(groupId) === next) this.running.delete(groupId);
      });
    this.running.set(groupId, next);
    return next;
  }

  private async apply(groupId: string): Promise<void> {
    const { db } = this.c;
    const row = db.groups.get(groupId);
    const group = row ? adminKeyPair(row) : undefined;
    if (!group || row?.status !== 'joined') {
      forgetPending(db, groupId); // no longer ours to write
      return;
    }
    const pending = readPending(db, groupId);
    const fresh = newestByMember(pending.profiles).filter(
      (p) => p.sentAt > (db.kv.get(appliedKey(groupId, p.member), zNumber) ?? 0),
    );
    if (fresh.length === 0 && pending.accepted.length === 0) {
      settlePending(db, groupId, pending); // only profiles written already
      return;
    }
    // Most batches only repeat what Members already says (every chat message carries its
    // author's profile): checked against the configs held now, which that batch was merged into,
    // so that only a real change costs the poll that makes sure we edit the newest Members.
    if (
      !this.unpushed.has(groupId) &&
      edits(this.c.heldConfigs(groupId), pending.accepted, fresh).length === 0
    ) {
      db.transaction(() => {
        for (const p of fresh) db.kv.set(appliedKey(groupId, p.member), p.sentAt);
        settlePending(db, groupId, pending);
      });
      return;
    }
    const configs = await this.c.freshConfigs(groupId);
    const wanted = edits(configs, pending.accepted, fresh);
    for (const entry of wanted) configs.members.set(entry);
    let changed = wanted.length > 0;
    // Our edit whose push failed last time is still in the live configs, unpushed: push it now.
    // (Only ours: an admin operation's edit in flight is pushed by that operation, Keys first.)
    if (this.unpushed.has(groupId) && configs.members.needsPush()) changed = true;
    if (changed) {
      this.unpushed.add(groupId);
      const auth = { kind: 'group-admin', ed25519SecretKey: group.secretKey } as const;
      const pushed = configs.members.push();
      const stored = await storeGroupConfig(
        this.c.network(),
        groupId,
        auth,
        Namespace.GroupMembers,
        pushed.data,
      );
      configs.members.confirmPushed(pushed.seqno, stored.hash);
      this.unpushed.delete(groupId);
    }
    db.transaction(() => {
      for (const p of fresh) db.kv.set(appliedKey(groupId, p.member), p.sentAt);
      settlePending(db, groupId, pending);
      if (!changed) return;
      saveMembersConfig(db, groupId, configs);
      // An empty name in the config never erases one we had (a member invited before this).
      const names = new Map(
        configs.members
          .all()
          .filter((m) => m.name !== '')
          .map((m) => [m.sessionId, m.name]),
      );
      db.groups.setMembers(
        groupId,
        db.groups.members(groupId).map((m) => ({ ...m, name: names.get(m.sessionId) ?? m.name })),
      );
    });
    if (changed) this.c.changed([groupId]);
  }
}

/**
 * The Members entries to write for what a poll saw: members who joined get `I` cleared, names
 * and pictures follow the newest profile; empty when Members already says all of it.
 */
function edits(
  configs: GroupConfigs,
  accepted: readonly SessionId[],
  profiles: readonly MemberProfile[],
): GroupMember[] {
  const out = new Map<string, GroupMember>();
  const current = (id: string) => out.get(id) ?? configs.members.get(id);
  for (const m of accepted) {
    const entry = current(m);
    // Removed meanwhile, an admin (no `I`), or accepted already: nothing to write.
    if (entry?.removedStatus !== RemovedStatus.None || entry.admin) continue;
    if (entry.inviteStatus === InviteStatus.Accepted && !entry.supplement) continue;
    out.set(m, { ...entry, inviteStatus: InviteStatus.Accepted, supplement: false });
  }
  for (const p of profiles) {
    const entry = current(p.member);
    if (entry?.removedStatus !== RemovedStatus.None) continue;
    const name = p.name ?? entry.name;
    const picture = p.picture === undefined ? entry.picture : (p.picture ?? undefined);
    if (name === entry.name && samePicture(picture, entry.picture)) continue;
    out.set(p.member, { ...entry, name, picture });
  }
  return [...out.values()];
}
