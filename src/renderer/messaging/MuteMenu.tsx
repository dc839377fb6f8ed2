import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../shared/ipc/messaging';
import { isMuted, MUTE_CHOICES, MUTED_FOREVER, type MuteChoice } from '../../shared/notifications';
import { useApp } from '../store';
import { gridKeys } from './grid-keys';
import { useMessaging } from './store';
import { BellIcon, BellOffIcon } from '../components/Icons';

const LABELS: Readonly<Record<Exclude<MuteChoice, 'off'>, string>> = {
  '1h': 'notifications.mute1h',
  '8h': 'notifications.mute8h',
  '1d': 'notifications.mute1d',
  '1w': 'notifications.mute1w',
  always: 'notifications.muteAlways',
};

/** "Muted until Tue 18:00" / "Muted", or undefined when the conversation notifies. */
export function muteText(
  t: TFunction,
  c: Pick<Conversation, 'mutedUntil'>,
  language: string,
  now = Date.now(),
): string | undefined {
  if (!isMuted(c.mutedUntil, now) || c.mutedUntil === null) return undefined;
  if (c.mutedUntil >= MUTED_FOREVER) return t('notifications.mutedAlways');
  const time = new Intl.DateTimeFormat(language, {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(c.mutedUntil);
  return t('notifications.mutedUntil', { time });
}

/**
 * The notification choices of one conversation, as a menu: mute for a while or for good, turn
 * back on, "mentions only". Used by the conversation header and the list's context menu.
 */
export function MuteMenu({
  conversation,
  onClose,
}: {
  readonly conversation: Conversation;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const ref = useRef<HTMLDivElement>(null);
  const [now] = useState(() => Date.now());
  const muted = isMuted(conversation.mutedUntil, now);
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  }, [onClose]);

  useLayoutEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
    // A press outside closes it (the button that opened it toggles it itself).
    const away = (e: PointerEvent) => {
      if (!ref.current?.parentElement?.contains(e.target as Node)) close.current();
    };
    // Esc closes it wherever the focus is: a list that re-sorts under the menu moves its
    // node, and a moved node loses the focus to the page.
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      close.current();
    };
    document.addEventListener('pointerdown', away, true);
    document.addEventListener('keydown', escape, true);
    return () => {
      document.removeEventListener('pointerdown', away, true);
      document.removeEventListener('keydown', escape, true);
    };
  }, []);

  const apply = (call: Promise<unknown> | undefined) => {
    onClose();
    void call;
  };
  const setMute = (mute: MuteChoice) => {
    apply(
      bridge?.invoke('conversations.setMute', { conversationId: conversation.id, mute }).then((r) => {
        if (!r.ok) useMessaging.setState({ error: r.error });
      }),
    );
  };

  return (
    <div
      ref={ref}
      className="context-menu mute-menu"
      role="menu"
      aria-label={t('notifications.muteMenu')}
      data-testid="mute-menu"
      onKeyDown={(e) => {
        gridKeys(e, 1);
      }}
    >
      {muted && (
        <button
          type="button"
          role="menuitem"
          className="menu-action"
          data-testid="mute-off"
          onClick={() => setMute('off')}
        >
          {t('notifications.unmute')}
        </button>
      )}
      {MUTE_CHOICES.filter((m): m is Exclude<MuteChoice, 'off'> => m !== 'off').map((m) => (
        <button
          key={m}
          type="button"
          role="menuitem"
          className="menu-action"
          data-testid={`mute-${m}`}
          onClick={() => setMute(m)}
        >
          {t(LABELS[m])}
        </button>
      ))}
      <button
        type="button"
        role="menuitemcheckbox"
        aria-checked={conversation.mentionsOnly}
        className="menu-action"
        data-testid="mentions-only"
        onClick={() =>
          apply(
            bridge?.invoke('conversations.setMentionsOnly', {
              conversationId: conversation.id,
              mentionsOnly: !conversation.mentionsOnly,
            }),
          )
        }
      >
        {conversation.mentionsOnly ? '✓ ' : ''}
        {t('notifications.mentionsOnly')}
      </button>
    </div>
  );
}

/** The header's bell: shows the mute state, opens the menu. */
export function MuteButton({ conversation }: { readonly conversation: Conversation }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const state = muteText(t, conversation, i18n.language);
  return (
    <div className="mute-anchor">
      <button
        ref={button}
        type="button"
        className={`button button-small mute-button${state ? ' mute-on' : ''}`}
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="mute-button"
        onClick={() => {
          setOpen((o) => !o);
        }}
      >
        <span className="inline-icon" aria-hidden="true">
          {state ? <BellOffIcon size={16} /> : <BellIcon size={16} />}
        </span>
        {state ?? t('notifications.mute')}
      </button>
      {open && (
        <MuteMenu
          conversation={conversation}
          onClose={() => {
            setOpen(false);
            button.current?.focus();
          }}
        />
      )}
    </div>
  );
}
