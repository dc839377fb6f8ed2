import { useEffect, useRef } from 'react';
import type { CommunityRoom } from '../../shared/ipc/communities';
import { avatarHue, initials } from '../messaging/format';
import { useCommunities } from './store';
import '../styles/avatar.css';

/**
 * The room's picture (a `data:` URL read by the core from the server, never a remote address), or
 * its initials on a colour derived from its link. Decorative: the room's name is always beside it.
 */
export function RoomImage({ room, size = 2.6 }: { readonly room: CommunityRoom; readonly size?: number }) {
  const ref = useRef<HTMLSpanElement>(null);
  const picture = useCommunities((s) => s.images[room.id]);
  const loadImage = useCommunities((s) => s.loadImage);
  useEffect(() => {
    if (room.hasImage) void loadImage(room.id);
  }, [room.id, room.hasImage, loadImage]);
  useEffect(() => {
    // CSSOM, allowed by the CSP: no inline style attribute.
    ref.current?.style.setProperty('--avatar-hue', String(avatarHue(`05${room.joinUrl}`)));
    ref.current?.style.setProperty('--avatar-size', `${size}rem`);
  }, [room.joinUrl, size]);
  return (
    <span
      ref={ref}
      className={`avatar room-image${picture ? ' avatar-with-picture' : ''}`}
      aria-hidden="true"
      data-testid="room-image"
    >
      {picture ? (
        <img className="avatar-picture" src={picture} alt="" draggable={false} />
      ) : (
        initials(room.name, `05${room.token}`)
      )}
    </span>
  );
}
