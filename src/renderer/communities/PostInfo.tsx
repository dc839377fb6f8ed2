import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommunityPost, CommunityRoom } from '../../shared/ipc/communities';
import { fullTime } from '../messaging/MessageInfo';

/**
 * What is known of a community post: who posted it (their name and the ID the server gives),
 * when, whether it was edited, its id on the server and the room and server it lives in. The
 * same modal panel as a message's info (focus, Escape, top layer); closing it hands focus back
 * to the post the menu was opened on.
 */
export function PostInfo({
  room,
  post,
  name,
  onClose,
}: {
  readonly room: CommunityRoom;
  readonly post: CommunityPost;
  /** The poster as the post shows them ("You" for ours). */
  readonly name: string;
  readonly onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    dialog?.querySelector<HTMLButtonElement>('[data-testid="post-info-close"]')?.focus();
  }, []);

  const rows: readonly (readonly [string, string, string])[] = [
    ['poster', t('communityPost.info.from'), name],
    ['sender', t('communityPost.info.sender'), post.sender],
    ['sent', t('communityPost.info.sent'), fullTime(post.sentAt, i18n.language)],
    ...(post.edited && !post.deleted
      ? [['edited', t('communityPost.info.edited'), t('communityPost.info.yes')] as const]
      : []),
    ['id', t('communityPost.info.id'), String(post.id)],
    ['room', t('communityPost.info.room'), room.name],
    ['server', t('communityPost.info.server'), room.baseUrl],
  ];

  return (
    <dialog
      ref={ref}
      className="message-info"
      data-testid="post-info"
      aria-labelledby={`post-info-${room.id}-${post.id}`}
      onClose={onClose}
    >
      <h2 id={`post-info-${room.id}-${post.id}`}>{t('communityPost.info.title')}</h2>
      <p className="message-info-body" dir="auto">
        {post.deleted ? t('communities.deleted') : post.body}
      </p>
      <dl className="message-info-list">
        {rows.map(([key, label, value]) => (
          <div key={key} className={`message-info-row info-${key}`}>
            <dt>{label}</dt>
            <dd
              data-testid={`post-info-${key}`}
              dir={key === 'poster' || key === 'room' ? 'auto' : undefined}
            >
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <p className="message-info-keys">{t('communityPost.info.keys')}</p>
      <div className="message-info-actions">
        <button
          type="button"
          className="button"
          data-testid="post-info-close"
          onClick={() => ref.current?.close()}
        >
          {t('messaging.info.close')}
        </button>
      </div>
    </dialog>
  );
}
