/**
 * A member's own profile as their group messages carry it (DataMessage `profile` + `profileKey`,
 * identity-and-messages.md §6.4), read only from messages that decrypted with a group key and
 * verified under their author's key. Admins write these into the Members config (`n`, `p`/`q`),
 * as Session's admins do on an invite response (desktop `inviteResponseReceived` →
 * `memberSetProfileDetails`), so that every member sees names and pictures of people who are
 * not their contacts.
 */
import type { SessionId } from '../../crypto/keys';
import type { VeilDatabase } from '../db';
import type { DataMessage } from '../../swarm/messages/index';
import { fitName } from '../config-sync/names';
import { cleanName } from '../messaging/names';

export interface MemberProfile {
  readonly member: SessionId;
  readonly sentAt: number;
  /** undefined: the message named nobody (keep the name the config has). */
  readonly name: string | undefined;
  /** null: no picture; undefined: the message said nothing of it. */
  readonly picture: { readonly url: string; readonly key: Uint8Array } | null | undefined;
}

/** Longest picture URL taken (as the avatar service). */
const URL_MAX = 512;

export function profileOf(
  member: SessionId,
  sentAt: number,
  data: DataMessage | undefined,
): MemberProfile | undefined {
  const profile = data?.profile;
  if (profile === undefined) return undefined;
  const raw = profile.displayName;
  const cleaned = raw === undefined ? null : cleanName(raw);
  const name = cleaned === null ? undefined : fitName(cleaned);
  const url = profile.profilePicture;
  const key = data?.profileKey;
  // A profile without a URL means no picture; a malformed one says nothing we can use.
  const picture =
    url === undefined || url === ''
      ? null
      : url.length <= URL_MAX && key?.length === 32
        ? { url, key }
        : undefined;
  return { member, sentAt, name, picture };
}

/** The name a contact gave themself, for a new member's `n` (desktop `memberSetNameTruncated`). */
export function contactNameOf(db: VeilDatabase, member: string): string {
  const name = db.conversations.getConversation(member as SessionId)?.displayName;
  return name ? fitName(name) : '';
}

/** Our profile as a DataMessage carries it (the invitation response: Session sends it there). */
export function ownProfile(
  name: string | null,
  picture: { readonly url: string; readonly key: Uint8Array } | undefined,
): Pick<DataMessage, 'profile' | 'profileKey'> {
  const profile = {
    ...(name !== null && name !== '' ? { displayName: name } : {}),
    ...(picture ? { profilePicture: picture.url } : {}),
  };
  return {
    ...(Object.keys(profile).length > 0 ? { profile } : {}),
    ...(picture ? { profileKey: picture.key } : {}),
  };
}
