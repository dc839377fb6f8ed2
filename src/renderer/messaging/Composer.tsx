import { useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MESSAGE_BODY_MAX } from '../../shared/ipc/messaging';
import { useApp } from '../store';
import { ReplyBar } from './ReplyBar';
import { useMessaging } from './store';

/**
 * Enter sends, Shift+Enter is a new line; pasting inserts plain text only. While replying, the
 * quoted message shows above it and Esc (or ×) cancels the reply.
 */
export function Composer({
  conversationId,
  disabled,
}: {
  readonly conversationId: string;
  readonly disabled?: boolean;
}) {
  const { t } = useTranslation();
  const send = useMessaging((s) => s.send);
  const replyTo = useMessaging((s) => s.replyTo[conversationId]);
  const setReplyTo = useMessaging((s) => s.setReplyTo);
  const bridge = useApp((s) => s.bridge);
  const typing = useRef(false);

  /** Tells main when we start or stop typing; main sends it only if the setting is on. */
  function setTyping(now: boolean) {
    if (typing.current === now) return;
    typing.current = now;
    void bridge?.invoke('conversations.typing', { conversationId, typing: now });
  }
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const tooLong = text.length > MESSAGE_BODY_MAX;

  async function submit() {
    const body = text.trim();
    if (body === '' || tooLong || busy) return;
    setBusy(true);
    setTyping(false);
    const sent = await send(conversationId, body);
    setBusy(false);
    if (sent) setText('');
    area.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    } else if (e.key === 'Escape' && replyTo !== undefined) {
      e.preventDefault();
      setReplyTo(conversationId, undefined);
    }
  }

  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    // Only the text: no HTML, images or styles from the clipboard.
    e.preventDefault();
    const plain = e.clipboardData.getData('text/plain');
    const el = e.currentTarget;
    const next = el.value.slice(0, el.selectionStart) + plain + el.value.slice(el.selectionEnd);
    setText(next);
  }

  return (
    <div className="composer-area">
      {replyTo !== undefined && (
        <ReplyBar
          message={replyTo}
          onCancel={() => {
            setReplyTo(conversationId, undefined);
            area.current?.focus();
          }}
        />
      )}
      <div className="composer">
        <textarea
          ref={area}
          className="composer-input"
          data-testid="composer"
          rows={1}
          value={text}
          disabled={disabled}
          placeholder={t('messaging.composerPlaceholder')}
          aria-label={t('messaging.composerLabel')}
          aria-invalid={tooLong}
          onChange={(e) => {
            setText(e.target.value);
            setTyping(e.target.value.trim() !== '');
          }}
          onBlur={() => {
            setTyping(false);
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        {tooLong && (
          <span className="field-error composer-limit" role="alert">
            {t('messaging.tooLong', { max: MESSAGE_BODY_MAX })}
          </span>
        )}
        <button
          type="button"
          className="button button-primary"
          data-testid="send"
          disabled={disabled === true || busy || text.trim() === '' || tooLong}
          onClick={() => void submit()}
        >
          {t('messaging.send')}
        </button>
      </div>
    </div>
  );
}
