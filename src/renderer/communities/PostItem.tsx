import type { KeyboardEvent, MouseEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommunityPost, CommunityRoom } from '../../shared/ipc/communities';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { formatTime, shortId } from '../messaging/format';
import { isolate } from '../security/bidi';
import { ReactionBar } from '../messaging/ReactionBar';
import { ContextMenu, opensMenu, type MenuEntry } from '../messaging/ContextMenu';
import { PostInfo } from './PostInfo';
import { PostQuote } from './PostQuote';
import { PostReactions } from './PostReactions';
import { useCommunities } from './store';

/** Who posted: their display name when they gave one, else a short form of their blinded ID. */
export function posterName(post: CommunityPost, you: string): string {
  if (post.mine) return you;
  return post.senderName !== null && post.senderName.trim() !== '' ? post.senderName : shortId(post.sender);
}

type Confirm = 'delete' | 'ban' | undefined;

/**
 * One post: who, when, the text, its reactions and, on focus or hover, React and More beside it.
 * Its context menu (right click, More, the menu key or Shift+F10; the same menu as a message's)
 * offers Reply (the composer quotes the post), React, Copy text, Delete (ours, or any as a moderator), Ban and Lift the ban (moderators,
 * on others' posts) and Post info; from the keyboard, C copies the text, Delete deletes it and I
 * opens its info. Only the roving post's controls are Tab stops, so Tab leaves the list in one
 * press.
 */
export function PostItem({
  room,
  post,
  tabbable,
  highlighted = false,
}: {
  readonly room: CommunityRoom;
  readonly post: CommunityPost;
  readonly tabbable: boolean;
  /** A quote pointing here was just followed: focus and mark it a moment. */
  readonly highlighted?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const deletePost = useCommunities((s) => s.deletePost);
  const ban = useCommunities((s) => s.ban);
  const message = useCommunities((s) => s.message);
  const react = useCommunities((s) => s.react);
  const setReplyTo = useCommunities((s) => s.setReplyTo);
  const bubble = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (highlighted) bubble.current?.focus({ preventScroll: true });
  }, [highlighted]);
  const [senderMenu, setSenderMenu] = useState(false);
  // "Message" is offered for another poster's 15 or 25 ID on a server whose inbox works; it is
  // disabled, with why, when they turned off message requests from communities (as in Session).
  const canMessage = room.canDm !== false && !post.mine && /^(?:15|25)[0-9a-f]{64}$/.test(post.sender);
  const requestsOff = post.requestsOff === true;
  const [reacting, setReacting] = useState(false);
  const [confirm, setConfirm] = useState<Confirm>();
  const [notice, setNotice] = useState<string | undefined>();
  const [menu, setMenu] = useState(false);
  const [info, setInfo] = useState(false);
  const name = posterName(post, t('communities.you'));
  const direction = post.mine ? 'out' : 'in';
  const canDelete = !post.deleted && (post.mine || room.moderator);
  const canBan = room.moderator && !post.mine && /^(?:15|25)[0-9a-f]{64}$/.test(post.sender);
  const tab = tabbable ? 0 : -1;
  const headingId = `post-${room.id}-${post.id}-from`;

  async function moderate(unban: boolean) {
    if (await ban(room.id, post.sender, unban))
      setNotice(t(unban ? 'communities.unbanned' : 'communities.banned', { id: shortId(post.sender) }));
  }

  const copy = () => {
    if (!post.deleted) void navigator.clipboard.writeText(post.body);
  };
  const entry = (label: string, testId: string, action: () => void): MenuEntry => ({ label, testId, action });
  const entries = (): MenuEntry[] => [
    ...(post.deleted
      ? []
      : [
          // First, as in a conversation's menu: it takes focus when the menu opens.
          entry(t('messaging.reply'), 'post-menu-reply', () => {
            setReplyTo(room.id, post);
            document.querySelector<HTMLTextAreaElement>('[data-testid="room-composer"]')?.focus();
          }),
          entry(t('communities.react'), 'post-menu-react', () => {
            setReacting(true);
          }),
          entry(t('messaging.copyText'), 'post-menu-copy', copy),
        ]),
    ...(canDelete
      ? [
          entry(t('communities.deletePost'), 'post-delete', () => {
            setConfirm('delete');
          }),
        ]
      : []),
    ...(canBan
      ? [
          entry(t('communities.ban'), 'post-ban', () => {
            setConfirm('ban');
          }),
          entry(t('communities.unban'), 'post-unban', () => void moderate(true)),
        ]
      : []),
    entry(t('communityPost.info.title'), 'post-menu-info', () => {
      setInfo(true);
    }),
  ];

  function onContextMenu(e: MouseEvent) {
    e.preventDefault();
    setMenu(true);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.target !== e.currentTarget && e.key !== 'Escape') return; // a control inside has focus
    if (opensMenu(e)) {
      e.preventDefault();
      setMenu(true);
    } else if ((e.key === 'c' || e.key === 'C') && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      copy();
    } else if (e.key === 'i' || e.key === 'I') {
      e.preventDefault();
      setInfo(true);
    } else if (e.key === 'Delete' && canDelete) {
      e.preventDefault();
      setConfirm('delete');
    } else if (e.key === 'Escape' && menu) {
      e.preventDefault();
      setMenu(false);
      e.currentTarget.focus();
    }
  }

  return (
    <div className={`message-row message-${direction}`}>
      <div
        ref={bubble}
        className={`bubble bubble-${direction} post${post.deleted ? ' bubble-deleted' : ''}${
          highlighted ? ' bubble-highlight' : ''
        }`}
        role="article"
        aria-labelledby={headingId}
        tabIndex={tab}
        data-testid="post"
        data-id={post.id}
        data-mine={post.mine}
        onContextMenu={onContextMenu}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget)) setMenu(false);
        }}
      >
        <span className="post-head" id={headingId}>
          {canMessage ? (
            <button
              type="button"
              className="link-button post-sender"
              dir="auto"
              data-testid="post-sender"
              title={post.sender}
              tabIndex={tab}
              aria-expanded={senderMenu}
              onClick={() => {
                setSenderMenu((v) => !v);
              }}
            >
              {name}
            </button>
          ) : (
            <span className="post-sender" dir="auto" data-testid="post-sender" title={post.sender}>
              {name}
            </span>
          )}
          <span className="post-time">
            <time dateTime={new Date(post.sentAt).toISOString()}>
              {formatTime(post.sentAt, i18n.language)}
            </time>
            {post.edited && !post.deleted && ` · ${t('communities.edited')}`}
          </span>
        </span>
        {senderMenu && canMessage && (
          <div className="post-sender-menu" data-testid="post-sender-menu">
            <button
              type="button"
              className="button button-small"
              data-testid="post-message"
              disabled={requestsOff}
              aria-describedby={requestsOff ? `${headingId}-requests-off` : undefined}
              onClick={() => {
                setSenderMenu(false);
                void message(room.id, post.sender);
              }}
            >
              {t('communities.messagePoster', { name: isolate(name) })}
            </button>
            {requestsOff && (
              <p className="field-help" id={`${headingId}-requests-off`} data-testid="post-requests-off">
                {t('communityDmMore.requestsOff', { name: isolate(name) })}
              </p>
            )}
          </div>
        )}
        {post.quote !== undefined && !post.deleted && (
          <PostQuote room={room} quote={post.quote} tabbable={tabbable} />
        )}
        {post.deleted ? (
          <p className="bubble-body bubble-body-deleted" data-testid="post-deleted">
            {t('communities.deleted')}
          </p>
        ) : (
          <p className="bubble-body" dir="auto" data-testid="post-body">
            {post.body}
          </p>
        )}
        {!post.deleted && (
          <div
            className="post-actions"
            role="group"
            aria-label={t('communities.postActions', { name: isolate(name) })}
          >
            <button
              type="button"
              className="button button-small button-quiet"
              data-testid="post-react"
              tabIndex={tab}
              aria-expanded={reacting}
              onClick={() => {
                setReacting((r) => !r);
              }}
            >
              {t('communities.react')}
            </button>
            <button
              type="button"
              className="button button-small button-quiet"
              data-testid="post-more"
              tabIndex={tab}
              aria-haspopup="menu"
              aria-expanded={menu}
              title={t('communityPost.more')}
              aria-label={t('communityPost.more')}
              onClick={() => {
                setMenu((m) => !m);
              }}
            >
              <span aria-hidden="true">⋯</span>
            </button>
          </div>
        )}
        {menu && (
          <ContextMenu
            entries={entries()}
            onClose={() => {
              setMenu(false);
            }}
          />
        )}
        {reacting && (
          <ReactionBar
            side={direction}
            reacted={(emoji) => post.reactions.some((r) => r.emoji === emoji && r.you)}
            onReact={(emoji, remove) => void react(room.id, post.id, emoji, remove)}
            testIdPrefix="post-"
            onClose={() => {
              setReacting(false);
              document.querySelector<HTMLElement>(`[data-testid="post"][data-id="${post.id}"]`)?.focus();
            }}
          />
        )}
      </div>
      <PostReactions room={room} post={post} tabbable={tabbable} />
      {notice !== undefined && (
        <p className="field-help post-notice" role="status">
          {notice}
        </p>
      )}
      {info && (
        <PostInfo
          room={room}
          post={post}
          name={name}
          onClose={() => {
            setInfo(false);
          }}
        />
      )}
      {confirm !== undefined && (
        <ConfirmDialog
          testId={confirm === 'delete' ? 'post-delete-confirm' : 'post-ban-confirm'}
          title={confirm === 'delete' ? t('communities.deletePost') : t('communities.ban')}
          body={
            confirm === 'delete'
              ? t('communities.deleteConfirm')
              : t('communities.banConfirm', { id: shortId(post.sender), name: isolate(room.name) })
          }
          confirmLabel={confirm === 'delete' ? t('communities.deletePost') : t('communities.ban')}
          cancelLabel={t('communities.cancel')}
          onCancel={() => {
            setConfirm(undefined);
          }}
          onConfirm={() => {
            setConfirm(undefined);
            if (confirm === 'delete') void deletePost(room.id, post.id);
            else void moderate(false);
          }}
        />
      )}
    </div>
  );
}
