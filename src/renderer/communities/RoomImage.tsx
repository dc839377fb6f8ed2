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
  const held = useCommunities((s) => s.images[room.id]);
  const loadImage = useCommunities((s) => s.loadImage);
  const imageId = room.imageId;
  useEffect(() => {
    if (imageId !== null) void loadImage(room.id, imageId);
  }, [room.id, imageId, loadImage]);
  // While a new image is read, the previous one stays; a room without one shows its initials.
  const picture = imageId === null ? null : (held?.url ?? null);
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
      data-image-id={picture ? (held?.imageId ?? '') : ''}
    >
      {picture ? (
        <img className="avatar-picture" src={picture} alt="" draggable={false} />
      ) : (
        initials(room.name, `05${room.token}`)
      )}
    </span>
  );
}
