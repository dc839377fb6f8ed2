import { useEffect, useRef, useState, type ClipboardEvent, type DragEvent, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionIdCheck } from '../../shared/ipc/messaging';
import { looksLikeAccountId, normalizeOnsName } from '../../shared/ons-name';
import { describeError } from '../account/errors';
import { useApp } from '../store';
import { imageIn, readQrFromImage, sessionIdInQr } from '../qr/qr-read';
import { useMessaging } from './store';

/**
 * New conversation: an Account ID (checked as it is typed, with precise errors), an ONS name
 * (looked up on submit, confirmed by several nodes in main), or a QR code read from an image
 * picked, pasted or dropped here.
 */
export function NewConversation({
  onClose,
}: {
  /** `opened`: a conversation was opened from here; `cancelled`: Cancel or Escape. */
  readonly onClose: (how: 'opened' | 'cancelled') => void;
}) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const open = useMessaging((s) => s.open);
  const [text, setText] = useState('');
  // The last check's answer, with the text it was for: typing runs ahead of it.
  const [check, setCheck] = useState<{ readonly text: string; readonly value: SessionIdCheck }>();
  const [error, setError] = useState<string | undefined>(undefined);
  const [resolving, setResolving] = useState<string | undefined>(undefined);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const field = useRef<HTMLTextAreaElement>(null);

  // "New" moves focus into the panel, to the one field it has.
  useEffect(() => {
    field.current?.focus();
  }, []);

  useEffect(() => {
    if (!bridge || text.trim() === '') return;
    let live = true;
    void bridge.invoke('sessionId.check', { text }).then((r) => {
      if (live && r.ok) setCheck({ text, value: r.value });
    });
    return () => {
      live = false;
    };
  }, [bridge, text]);

  async function openId(sessionId: string) {
    const failure = await open(sessionId);
    if (failure) setError(describeError(t, failure));
    else onClose('opened');
  }

  /**
   * The check of the text as it is now. Enter right after pasting an ID used to come before the
   * check's answer, and did nothing at all: the answer was still the one for a shorter text.
   */
  async function checkNow(): Promise<SessionIdCheck | undefined> {
    if (check?.text === text) return check.value;
    if (!bridge || text.trim() === '') return undefined;
    const r = await bridge.invoke('sessionId.check', { text });
    if (!r.ok) return undefined;
    setCheck({ text, value: r.value });
    return r.value;
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (resolving !== undefined) return;
    const now = await checkNow();
    if (now?.sessionId) {
      await openId(now.sessionId);
      return;
    }
    const name = now && !looksLikeAccountId(text) ? normalizeOnsName(text) : undefined;
    if (name === undefined || !bridge) return;
    setResolving(name);
    try {
      const r = await bridge.invoke('ons.resolve', { name });
      if (r.ok) await openId(r.value.sessionId);
      else setError(describeError(t, r.error));
    } finally {
      setResolving(undefined);
    }
  }

  async function readImage(file: File) {
    setError(undefined);
    const read = await readQrFromImage(file);
    if (read.kind !== 'text') {
      setError(t(read.kind === 'none' ? 'messaging.qrNone' : 'messaging.qrUnreadable'));
      return;
    }
    const id = sessionIdInQr(read.text);
    if (id === undefined) {
      setError(t('messaging.qrNotId'));
      return;
    }
    setText(id);
    await openId(id);
  }

  function onPaste(e: ClipboardEvent) {
    const image = imageIn(e.clipboardData.items);
    if (!image) return;
    e.preventDefault();
    void readImage(image);
  }

  function onDrop(e: DragEvent) {
    setDragging(false);
    const image = imageIn(e.dataTransfer.items);
    if (!image) return;
    e.preventDefault();
    void readImage(image);
  }

  // An empty field shows the help text, whatever the last check said.
  const shown = text.trim() === '' ? undefined : check?.value;
  // Not an ID, and not the start of one: a name to look up when it can be one.
  const asName = shown !== undefined && !shown.sessionId && !looksLikeAccountId(text);
  const onsName = asName ? normalizeOnsName(text) : undefined;
  const problem =
    asName && onsName === undefined
      ? t('reasons.ons.invalid')
      : !asName && shown?.problem
        ? t(`reasons.${shown.problem.reason}`, shown.problem.params)
        : undefined;
  const shownError = problem ?? error;
  const help =
    resolving !== undefined
      ? t('messaging.onsLooking', { name: resolving })
      : onsName !== undefined
        ? t('messaging.onsReady', { name: onsName })
        : t('messaging.newHelp');
  return (
    <form
      className={dragging ? 'new-conversation dragging' : 'new-conversation'}
      onSubmit={(e) => void submit(e)}
      onPaste={onPaste}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => {
        setDragging(false);
      }}
      onDrop={onDrop}
      onKeyDown={(e) => {
        // Escape closes the panel from anywhere in it, and focus returns to "New".
        if (e.key === 'Escape') {
          e.preventDefault();
          onClose('cancelled');
        }
      }}
      aria-labelledby="new-conversation-title"
      data-testid="new-conversation"
      aria-busy={resolving !== undefined}
      noValidate
    >
      <div className="field">
        <label className="field-label" id="new-conversation-title" htmlFor="new-session-id">
          {t('messaging.newTitle')}
        </label>
        <textarea
          ref={field}
          id="new-session-id"
          aria-describedby="new-session-id-status"
          className="text-input session-id-input"
          data-testid="new-session-id"
          rows={2}
          value={text}
          spellCheck={false}
          readOnly={resolving !== undefined}
          placeholder={t('messaging.newPlaceholder')}
          aria-invalid={problem !== undefined}
          onChange={(e) => {
            setText(e.target.value);
            setError(undefined);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        <span
          id="new-session-id-status"
          className={shownError !== undefined ? 'field-error' : 'field-help'}
          role={shownError !== undefined ? 'alert' : resolving !== undefined ? 'status' : undefined}
          data-testid="new-session-id-status"
        >
          {resolving !== undefined && (
            <span className="spinner" aria-hidden="true" data-testid="ons-spinner" />
          )}
          {shownError ?? help}
        </span>
      </div>
      <div className="new-conversation-qr">
        <button
          type="button"
          className="button button-quiet"
          data-testid="qr-open"
          onClick={() => fileInput.current?.click()}
        >
          {t('messaging.qrOpen')}
        </button>
        <span className="field-help">{t('messaging.qrHint')}</span>
        <input
          ref={fileInput}
          className="avatar-file-input"
          type="file"
          accept="image/*"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="qr-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void readImage(file);
          }}
        />
      </div>
      <div className="onboarding-actions">
        <button
          type="button"
          className="button button-quiet"
          data-testid="new-cancel"
          onClick={() => {
            onClose('cancelled');
          }}
        >
          {t('messaging.cancel')}
        </button>
        <button
          type="submit"
          className="button button-primary"
          data-testid="new-submit"
          disabled={resolving !== undefined || !(shown?.sessionId ?? onsName)}
        >
          {t('messaging.start')}
        </button>
      </div>
    </form>
  );
}
