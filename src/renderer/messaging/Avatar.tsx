import { useEffect, useRef } from 'react';
import { avatarHue, initials } from './format';
import { useAvatar } from './useAvatar';
import '../styles/avatar.css';

/**
 * Their picture when we have it (a `data:` URL from main's encrypted cache, never a remote
 * address), else initials on a colour derived from the Session ID.
 */
export function Avatar({
  sessionId,
  name,
  size = 2.6,
  group = false,
}: {
  readonly sessionId: string;
  readonly name: string | null;
  readonly size?: number;
  /** A group (03 ID): its picture from its Info config, else its initials (round, like everyone's). */
  readonly group?: boolean;
}) {
  const ref = useRef<HTMLSpanElement>(null);
  const picture = useAvatar(sessionId);
  useEffect(() => {
    // CSSOM, allowed by the CSP: no inline style attribute.
    ref.current?.style.setProperty('--avatar-hue', String(avatarHue(sessionId)));
    ref.current?.style.setProperty('--avatar-size', `${size}rem`);
  }, [sessionId, size]);
  return (
    <span
      ref={ref}
      className={`${picture ? 'avatar avatar-with-picture' : 'avatar'}${group ? ' avatar-group' : ''}`}
      aria-hidden="true"
    >
      {picture ? (
        <img className="avatar-picture" src={picture} alt="" draggable={false} data-testid="avatar-picture" />
      ) : (
        initials(name, sessionId)
      )}
    </span>
  );
}
