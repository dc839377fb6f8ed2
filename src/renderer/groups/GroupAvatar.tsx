import { useEffect, useRef } from 'react';
import { avatarHue, initials } from '../messaging/format';
import { useAvatar } from '../messaging/useAvatar';
import '../styles/avatar.css';

/**
 * A group's picture (its Info config's, downloaded and decrypted by main into a `data:` URL),
 * else its initials on a colour derived from its ID.
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
  const ref = useRef<HTMLSpanElement>(null);
  const picture = useAvatar(groupId);
  useEffect(() => {
    // CSSOM, allowed by the CSP: no inline style attribute.
    ref.current?.style.setProperty('--avatar-hue', String(avatarHue(groupId)));
    ref.current?.style.setProperty('--avatar-size', `${size}rem`);
  }, [groupId, size]);
  return (
    <span
      ref={ref}
      className={picture ? 'avatar group-avatar avatar-with-picture' : 'avatar group-avatar'}
      aria-hidden="true"
    >
      {picture ? (
        <img className="avatar-picture" src={picture} alt="" draggable={false} data-testid="avatar-picture" />
      ) : (
        initials(name, groupId)
      )}
    </span>
  );
}
