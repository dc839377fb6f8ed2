import { Avatar } from '../messaging/Avatar';

/**
 * A group's picture (its Info config's, downloaded and decrypted by main into a `data:` URL),
 * else its initials on a colour derived from its ID: the one avatar every list, header and panel
 * draws, round like a person's, as Session's apps draw group pictures.
 */
export function GroupAvatar({
  groupId,
  name,
  size = 2.6,
}: {
  readonly groupId: string;
  readonly name: string;
  readonly size?: number;
}) {
  return <Avatar sessionId={groupId} name={name} size={size} group />;
}
