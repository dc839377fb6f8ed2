/**
 * How messaging reaches the avatar service without new plumbing through its dependencies: each
 * core registers its service under its own EventHub (which every MessagingDeps carries). Two cores
 * in one process (tests, two devices) never see each other's avatars; a core without a service
 * (unit tests of messaging) sends and receives exactly as before.
 */
import type { SessionId } from '../../crypto/keys';
import type { EventHub } from '../core/events';

export interface ProfilePicture {
  readonly url: string;
  /** 32-byte profile key. */
  readonly key: Uint8Array;
}

export interface AvatarHooks {
  /** Ours, for `profile.profilePicture` + `profileKey` in outgoing messages. */
  ownPicture(): ProfilePicture | undefined;
  /**
   * A contact's message carried a profile: with a picture (new or the same), or without one
   * (they removed it). Must not block: called inside the incoming transaction.
   */
  contactPicture(sender: SessionId, picture: ProfilePicture | null): void;
  /** Our picture in the UserProfile config after a merge (another device of ours may have changed it). */
  ownPictureFromConfig(picture: ProfilePicture | null): void;
  /** Resolves when no download is running or scheduled (tests, CLI). */
  idle(): Promise<void>;
}

const registry = new WeakMap<EventHub, AvatarHooks>();

export function registerAvatarHooks(events: EventHub, hooks: AvatarHooks): () => void {
  registry.set(events, hooks);
  return () => {
    if (registry.get(events) === hooks) registry.delete(events);
  };
}

export function ownProfilePicture(events: EventHub): ProfilePicture | undefined {
  try {
    return registry.get(events)?.ownPicture();
  } catch {
    // A broken avatar state must never stop a message from leaving.
    return undefined;
  }
}

export function noteProfilePicture(
  events: EventHub,
  sender: SessionId,
  picture: ProfilePicture | null,
): void {
  try {
    registry.get(events)?.contactPicture(sender, picture);
  } catch {
    // Nor an incoming message from being stored.
  }
}

export function noteOwnPictureFromConfig(events: EventHub, picture: ProfilePicture | null): void {
  try {
    registry.get(events)?.ownPictureFromConfig(picture);
  } catch {
    // Nor config sync from applying the rest of what it merged.
  }
}

/** Waits for the avatar downloads of the core behind `events` (tests). */
export async function avatarsIdle(events: EventHub): Promise<void> {
  await registry.get(events)?.idle();
}
