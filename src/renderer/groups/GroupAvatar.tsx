import { useEffect, useRef } from 'react';
import { avatarHue, initials } from '../messaging/format';

/** A group's initials on a colour derived from its ID (its picture is not fetched yet). */
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
  useEffect(() => {
    // CSSOM, allowed by the CSP: no inline style attribute.
    ref.current?.style.setProperty('--avatar-hue', String(avatarHue(groupId)));
    ref.current?.style.setProperty('--avatar-size', `${size}rem`);
  }, [groupId, size]);
  return (
    <span ref={ref} className="avatar group-avatar" aria-hidden="true">
      {initials(name, groupId)}
    </span>
  );
}
