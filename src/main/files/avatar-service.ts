/**
 * Profile pictures (identity-and-messages.md §6.4; session-desktop
 * `ts/interactions/avatar-interactions/nts-avatar-interactions.ts`, `AvatarDownloadJob.ts`,
 * `ts/util/crypto/profileEncrypter.ts`): ours is encrypted, uploaded and announced in every
 * outgoing DataMessage (`profile.profilePicture` + `profileKey`) and in the UserProfile config
 * (own-avatar.ts). A contact's, a group's or a group member's new URL/key is downloaded through
 * the onion, decrypted, checked to be an image and kept in the encrypted avatar cache
 * (avatar-downloads.ts); windows get `avatars.changed` and ask for a `data:` URL (here).
 */
import type { SessionId } from '../../crypto/keys';
import type { ProfilePicture } from '../domain/events';
import { isGroupId, type GroupId } from '../../swarm/groups/identity';
import { AvatarAccess, type AvatarServiceOptions } from './avatar-access';
import { AvatarDownloads } from './avatar-downloads';
import { dataUrlOf } from './avatar-image';
import { OwnAvatar } from './own-avatar';

export type { AvatarServiceOptions } from './avatar-access';

export class AvatarService {
  private readonly access: AvatarAccess;
  private readonly downloads: AvatarDownloads;
  private readonly own: OwnAvatar;

  constructor(o: AvatarServiceOptions) {
    this.access = new AvatarAccess(o);
    this.downloads = new AvatarDownloads(this.access);
    this.own = new OwnAvatar(this.access, this.downloads);
  }

  /**
   * Follows the domain: a contact's message carried their profile, or config sync merged our
   * UserProfile (another device of ours may have changed our picture). Returns the unsubscribe.
   */
  listen(): () => void {
    const { bus } = this.access.o;
    const offReceived = bus.on('profile-picture.received', (e) => {
      this.contactPicture(e.sender, e.picture);
    });
    const offMerged = bus.on('config.merged', (e) => {
      this.ownPictureFromConfig(e.ownPicture);
    });
    return () => {
      offReceived();
      offMerged();
    };
  }

  // ---- ours ------------------------------------------------------------------------------

  ownPicture(): ProfilePicture | undefined {
    return this.own.picture();
  }

  /** Encrypts, uploads and announces a new picture of ours; returns it as a data URL. */
  setOwn(image: Uint8Array): Promise<string> {
    return this.own.set(image);
  }

  /** Uploads our picture again (or extends it) before the file server forgets it. */
  renewOwnIfStale(): Promise<boolean> {
    return this.own.renewIfStale();
  }

  removeOwn(): void {
    this.own.remove();
  }

  /** Our picture as the UserProfile config has it after a merge (another device of ours). */
  ownPictureFromConfig(picture: ProfilePicture | null): void {
    this.own.fromConfig(picture);
  }

  // ---- others ----------------------------------------------------------------------------

  contactPicture(sender: SessionId, picture: ProfilePicture | null): void {
    if (sender !== this.access.o.ownId()) this.downloads.adopt(sender, picture);
  }

  /**
   * A private group's picture as its Info config has it (group-pictures.ts): downloaded and
   * decrypted like a contact's (same file server, same key scheme), or dropped when removed.
   */
  groupPicture(groupId: GroupId, picture: ProfilePicture | null): void {
    this.downloads.adopt(groupId as string as SessionId, picture);
  }

  /**
   * A member's picture as a group's Members config has it (`p`/`q`): taken for someone whose own
   * messages never gave us theirs (not a contact), or who has one from a group already.
   */
  memberPicture(id: SessionId, picture: ProfilePicture): void {
    const store = this.access.open()?.store;
    if (!store || id === this.access.o.ownId() || isGroupId(id)) return;
    const before = store.contact(id);
    if (before && !before.fromGroup) return;
    this.downloads.adopt(id, picture, true);
  }

  // ---- windows ---------------------------------------------------------------------------

  /** The picture of `id` (ours, a contact's or a group's) as a data URL, null when there is none yet. */
  get(id: SessionId): string | null {
    const opened = this.access.open();
    if (!opened) return null;
    const pointer = this.access.pointerOf(opened.store, id);
    if (!pointer) {
      // A group never looked at in this session: its Info config may name a picture already.
      if (isGroupId(id)) this.access.o.groupPictureOf?.(id);
      return null;
    }
    this.downloads.resume(id, pointer);
    const shown = pointer.file ?? pointer.previous;
    if (shown === null) return null;
    const image = opened.cache.get(shown);
    return image ? dataUrlOf(image) : null;
  }

  /** Resolves when no download is running or scheduled (tests). */
  idle(): Promise<void> {
    return this.downloads.idle();
  }

  close(): void {
    this.downloads.close();
  }
}
