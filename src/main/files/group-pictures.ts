/**
 * Private groups' pictures (issue #18; sync-groups-communities.md §3.3, libsession
 * `groups/info.hpp`: Info `p` URL + `q` 32-byte key): the admin uploads the picture encrypted
 * as a profile picture is; every member's device reads the pointer from the Info config it
 * polled, and the avatar service downloads, decrypts, checks and caches it as it does a
 * contact's. A new Info config (`groups.changed`) brings a new picture, or removes it when the
 * admin did. A group's pointer is first looked for when a window asks for its picture, so that
 * groups polled before this code ran get theirs too.
 */
import type { SessionId } from '../../crypto/keys';
import type { DomainBus } from '../domain/bus';
import type { ProfileSession } from '../core/session';
import { isGroupId, type GroupId } from '../../swarm/groups/identity';
import type { AvatarService } from './avatar-service';

export interface GroupPicturesOptions {
  readonly bus: DomainBus;
  /** The open session, if any (never opens one). */
  readonly session: () => ProfileSession | undefined;
  readonly log: (line: string) => void;
}

export class GroupPictures {
  private avatars: AvatarService | undefined;
  /** Groups whose Info was already read in each session (the window's first ask). */
  private readonly asked = new WeakMap<ProfileSession, Set<string>>();

  constructor(private readonly o: GroupPicturesOptions) {}

  /** Follows the groups' changes into the avatar service; returns the unsubscribe. */
  attach(avatars: AvatarService): () => void {
    this.avatars = avatars;
    return this.o.bus.on('groups.changed', (e) => {
      for (const id of e.groupIds) if (isGroupId(id)) this.sync(id);
    });
  }

  /** The first time a window asks for a group's picture in this session. */
  askOnce(groupId: GroupId): void {
    const session = this.o.session();
    if (!session) return;
    let asked = this.asked.get(session);
    if (!asked) {
      asked = new Set();
      this.asked.set(session, asked);
    }
    if (asked.has(groupId)) return;
    asked.add(groupId);
    this.sync(groupId);
  }

  /** Reads the group's Info as this device last merged it and hands its picture on. */
  sync(groupId: GroupId): void {
    const session = this.o.session();
    if (!session || !this.avatars) return;
    let picture: { readonly url: string; readonly key: Uint8Array } | null;
    try {
      const row = session.db.groups.get(groupId);
      // An invitation not accepted yet has no keys to read the Info with: nothing to say.
      if (!row || row.status === 'invited') return;
      picture = session.groups.info(groupId).picture;
    } catch (e) {
      this.o.log(`group picture not read: ${e instanceof Error ? e.message : 'error'}`);
      return;
    }
    this.avatars.groupPicture(groupId, picture && picture.url !== '' ? picture : null);
    // The members' own pictures (Members `p`/`q`), for those who are not our contacts.
    for (const m of session.groups.pollerOf(groupId)?.configs.members.all() ?? [])
      if (m.picture && m.removedStatus === 0)
        this.avatars.memberPicture(m.sessionId as SessionId, { url: m.picture.url, key: m.picture.key });
  }
}
