import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COMMUNITY_POST_MAX, type CommunityRoom } from '../../shared/ipc/communities';
import { QuoteBar } from '../messaging/ReplyBar';
import { isolate } from '../security/bidi';
import { posterName } from './PostItem';
import { useCommunities } from './store';

/** Above the composer while replying: who and what is quoted, and a way out (× or Esc). */
function RoomReplyBar({ room, onCancel }: { readonly room: CommunityRoom; readonly onCancel: () => void }) {
  const { t } = useTranslation();
  const post = useCommunities((s) => s.replyTo[room.id]);
  if (post === undefined) return null;
  return (
    <QuoteBar
      name={isolate(posterName(post, t('communities.you')))}
      body={post.body}
      testId="room-reply"
      onCancel={onCancel}
    />
  );
}

/**
 * Writes a post: Enter posts, Shift+Enter is a new line. The text stays if posting fails (the
 * failure is shown in words), so nothing typed is lost. While replying, the quoted post shows
 * above it and Esc (or ×) cancels the reply.
 */
export function RoomComposer({ room }: { readonly room: CommunityRoom }) {
  const { t } = useTranslation();
  const send = useCommunities((s) => s.send);
  const replying = useCommunities((s) => s.replyTo[room.id] !== undefined);
  const setReplyTo = useCommunities((s) => s.setReplyTo);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const tooLong = text.length > COMMUNITY_POST_MAX;
  const empty = text.trim() === '';
  const label = t('communities.composer', { name: isolate(room.name) });

  async function submit() {
    if (empty || tooLong || busy) return;
    setBusy(true);
    const ok = await send(room.id, text.trim());
    setBusy(false);
    if (ok) setText('');
    area.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Escape' && replying) {
      e.preventDefault();
      setReplyTo(room.id, undefined);
    }
  }

  const cancelReply = () => {
    setReplyTo(room.id, undefined);
    area.current?.focus();
  };

  if (!room.canWrite)
    return (
      <p className="composer-area room-read-only" data-testid="room-read-only">
        {t('communities.composerReadOnly')}
      </p>
    );
  return (
    <div className="composer-area">
      <RoomReplyBar room={room} onCancel={cancelReply} />
      <div className="composer">
        <textarea
          ref={area}
          className="composer-input"
          data-testid="room-composer"
          rows={1}
          value={text}
          placeholder={label}
          aria-label={label}
          aria-invalid={tooLong}
          readOnly={busy}
          onChange={(e) => {
            setText(e.target.value);
          }}
          onKeyDown={onKeyDown}
        />
        {tooLong && (
          <span className="field-error composer-limit" role="alert">
            {t('messaging.tooLong', { max: COMMUNITY_POST_MAX })}
          </span>
        )}
        <button
          type="button"
          className="button button-primary"
          data-testid="room-send"
          disabled={busy || empty || tooLong}
          onClick={() => void submit()}
        >
          {t('communities.send')}
        </button>
      </div>
    </div>
  );
}
