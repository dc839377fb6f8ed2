/**
 * An admin keeps the Members config's names and pictures (`n`, `p`/`q`) in step with what the
 * members say of themselves in their messages (member-profile.ts), as Session's admins do when an
 * invitation is accepted: members who are not each other's contacts then see names, not IDs.
 * A profile older than the last one written for that member is ignored (messages arrive out of
 * order, and a second device of the admin reads the whole history again). One refresh per group
 * at a time; a change is one Members store, only when something differs.
 */
import { z } from 'zod';
import type { SessionId } from '../../../crypto/keys';
import { RemovedStatus, type GroupMember } from '../../../swarm/groups/configs';
import { Namespace } from '../../../swarm/namespaces';
import { adminKeyPair } from '../group-auth';
import { storeGroupConfig } from '../group-swarm';
import type { MemberProfile } from '../member-profile';
import type { AdminContext } from './admin-context';
import { saveGroupConfigs } from './config-dumps';

const appliedKey = (groupId: string, member: string) => `groups.member-profile-at.${groupId}.${member}`;
const zNumber = z.number();

type Picture = GroupMember['picture'];

function samePicture(a: Picture, b: Picture): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.url === b.url && Buffer.from(a.key).equals(Buffer.from(b.key));
}

/** The newest profile of each member in a batch. */
function newestByMember(profiles: readonly MemberProfile[]): MemberProfile[] {
  const newest = new Map<SessionId, MemberProfile>();
  for (const p of profiles) {
    const seen = newest.get(p.member);
    if (!seen || seen.sentAt < p.sentAt) newest.set(p.member, p);
  }
  return [...newest.values()];
}

export class MemberProfiles {
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly c: AdminContext) {}

  /** Resolves when no refresh runs (before the service stops: a CLI command ends soon after a poll). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Profiles a poll of the group brought; written into Members when we are its admin. */
  seen(groupId: string, profiles: readonly MemberProfile[]): Promise<void> {
    if (profiles.length === 0) return Promise.resolve();
    const before = this.running.get(groupId) ?? Promise.resolve();
    const next = before
      .then(() => this.apply(groupId, profiles))
      .catch((e: unknown) => {
        this.c.log(`group member names not written: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        if (this.running.get(groupId) === next) this.running.delete(groupId);
      });
    this.running.set(groupId, next);
    return next;
  }

  private async apply(groupId: string, profiles: readonly MemberProfile[]): Promise<void> {
    const row = this.c.row(groupId);
    const group = adminKeyPair(row);
    if (!group || row.status !== 'joined') return;
    const { db } = this.c;
    const fresh = newestByMember(profiles).filter(
      (p) => p.sentAt > (db.kv.get(appliedKey(groupId, p.member), zNumber) ?? 0),
    );
    if (fresh.length === 0) return;
    const configs = await this.c.freshConfigs(groupId);
    let changed = false;
    for (const p of fresh) {
      const entry = configs.members.get(p.member);
      if (entry?.removedStatus !== RemovedStatus.None) continue;
      const name = p.name ?? entry.name;
      const picture = p.picture === undefined ? entry.picture : (p.picture ?? undefined);
      if (name === entry.name && samePicture(picture, entry.picture)) continue;
      configs.members.set({ ...entry, name, picture });
      changed = true;
    }
    if (changed) {
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
    }
    db.transaction(() => {
      for (const p of fresh) db.kv.set(appliedKey(groupId, p.member), p.sentAt);
      if (!changed) return;
      saveGroupConfigs(db, groupId, configs);
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
