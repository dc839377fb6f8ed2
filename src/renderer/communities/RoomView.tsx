import '../styles/communities.css';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCopy } from '../account/useCopy';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { shortId } from '../messaging/format';
import { isolate } from '../security/bidi';
import { PostList } from './PostList';
import { RoomComposer } from './RoomComposer';
import { RoomImage } from './RoomImage';
import { useCommunities } from './store';

/** The open room: its header (picture, name, our blinded ID, leave), its posts and the composer. */
export function RoomView({ roomId }: { readonly roomId: number }) {
  const { t } = useTranslation();
  const room = useCommunities((s) => s.rooms.find((r) => r.id === roomId));
  const leave = useCommunities((s) => s.leave);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [copied, copy] = useCopy();
  if (!room) return null;

  return (
    <div className="conversation-view room-view" data-testid="room-view">
      <header className="conversation-header">
        <RoomImage room={room} size={2.3} />
        <div className="conversation-header-text">
          <h2 className="conversation-header-title" dir="auto" data-testid="room-title">
            {room.name}
          </h2>
          <span className="room-subtitle">
            {t('communities.members', { count: room.activeUsers })}
            {room.moderator && (
              <span className="moderator-mark" data-testid="moderator-mark">
                {' · '}
                {t('communities.moderator')}
              </span>
            )}
          </span>
          <button
            type="button"
            className="link-button session-id-short"
            data-testid="own-blinded-id"
            title={t('communities.copyId')}
            aria-describedby={`room-${room.id}-blinded-hint`}
            onClick={() => void copy(room.blindedId)}
          >
            {copied ? t('account.copied') : shortId(room.blindedId)}
          </button>
          {/* Read with the button: this ID is the room's, not the account's. */}
          <span className="visually-hidden" id={`room-${room.id}-blinded-hint`}>
            {t('communities.blindedIdHint', { id: shortId(room.blindedId) })}
          </span>
        </div>
        <button
          type="button"
          className="button button-small button-quiet"
          data-testid="leave-community"
          onClick={() => {
            setConfirmLeave(true);
          }}
        >
          {t('communities.leave')}
        </button>
      </header>
      {room.description !== null && room.description !== '' && (
        <p className="room-description" dir="auto">
          {room.description}
        </p>
      )}
      <PostList room={room} />
      <RoomComposer room={room} />
      {confirmLeave && (
        <ConfirmDialog
          testId="leave-confirm"
          title={t('communities.leave')}
          body={t('communities.leaveConfirm', { name: isolate(room.name) })}
          confirmLabel={t('communities.leave')}
          cancelLabel={t('communities.cancel')}
          onCancel={() => {
            setConfirmLeave(false);
          }}
          onConfirm={() => {
            setConfirmLeave(false);
            void leave(room.id);
          }}
        />
      )}
    </div>
  );
}
