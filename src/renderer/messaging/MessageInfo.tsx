import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useShownStatus } from './MessageBubble';
import type { Message } from '../../shared/ipc/messaging';
import { useMessaging } from './store';
import { durationText } from './disappearing/duration';
import { attachmentsInfo, disappearsInfo } from './info-text';

/** Why a message failed, as the outbox records it (attachments add their upload stage's). */
const SEND_ERRORS = new Set([
  'timeout',
  'offline',
  'server-error',
  'clock-out-of-sync',
  'upload-failed',
  'cancelled',
  'missing',
]);

/** A date and time in full (medium date and time), for the info panels. */
export function fullTime(ms: number, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' }).format(ms);
}

/** The panel itself, for a message that exists (a modal <dialog>: focus, Escape, top layer). */
function InfoDialog({ message }: { readonly message: Message }) {
  const { t, i18n } = useTranslation();
  const showInfo = useMessaging((s) => s.showInfo);
  const resend = useMessaging((s) => s.resend);
  const remove = useMessaging((s) => s.remove);
  const shown = useShownStatus(message);
  const ref = useRef<HTMLDialogElement>(null);
  const failed = message.status === 'failed';

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // The safe default button (Resend, else Close): Enter never deletes.
    dialog?.querySelector<HTMLButtonElement>('[data-default]')?.focus();
  }, []);

  const reason = message.error === null ? null : SEND_ERRORS.has(message.error) ? message.error : 'other';
  const rows: [string, string, string][] = [
    ['status', t('messaging.info.status'), t(`messaging.status.${shown}`)],
    ['sent', t('messaging.info.sent'), fullTime(message.sentAt, i18n.language)],
    ...(message.receivedAt !== null
      ? [
          ['received', t('messaging.info.received'), fullTime(message.receivedAt, i18n.language)] as [
            string,
            string,
            string,
          ],
        ]
      : []),
    ...(message.direction === 'in'
      ? [['from', t('messaging.info.from'), message.sender] as [string, string, string]]
      : []),
    ...(reason !== null
      ? [
          ['reason', t('messaging.info.reason'), t(`messaging.sendErrors.${reason}`)] as [
            string,
            string,
            string,
          ],
        ]
      : []),
    ['id', t('messaging.info.id'), message.id],
    ['hash', t('messaging.info.hash'), message.hash ?? t('messaging.info.hashNone')],
    ['disappears', t('messaging.info.disappears'), disappearsInfo(t, message.expiry)],
    ['expires', t('messaging.info.expiresAt'), expiryText()],
    ['attachments', t('messaging.info.attachments'), attachmentsInfo(t, message.attachments, i18n.language)],
  ];

  function expiryText(): string {
    if (message.expiresAt !== null) return fullTime(message.expiresAt, i18n.language);
    if (message.expiry.mode === 'after-read')
      return t('messaging.info.whenRead', { time: durationText(t, message.expiry.seconds) });
    return t('messaging.info.never');
  }

  return (
    <dialog
      ref={ref}
      className="message-info"
      data-testid="message-info"
      aria-labelledby="message-info-title"
      onClose={() => {
        showInfo(undefined);
      }}
    >
      <h2 id="message-info-title">{t('messaging.info.title')}</h2>
      <p className="message-info-body" dir="auto">
        {message.body}
      </p>
      <dl className="message-info-list">
        {rows.map(([key, label, value]) => (
          <div
            key={key}
            className={`message-info-row info-${key}${key === 'status' ? ` status-${shown}` : ''}${
              key === 'hash' && message.hash === null ? ' info-none' : ''
            }`}
          >
            <dt>{label}</dt>
            <dd data-testid={`info-${key}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="message-info-keys">{t('messaging.info.keys')}</p>
      <div className="message-info-actions">
        {failed && (
          <button
            type="button"
            className="button"
            data-testid="info-delete"
            onClick={() => void remove(message.id)}
          >
            {t('messaging.delete')}
          </button>
        )}
        {failed && (
          <button
            type="button"
            className="button button-primary"
            data-testid="info-resend"
            data-default
            onClick={() => void resend(message.id)}
          >
            {t('messaging.resend')}
          </button>
        )}
        <button
          type="button"
          className="button"
          data-testid="info-close"
          data-default={failed ? undefined : true}
          onClick={() => ref.current?.close()}
        >
          {t('messaging.info.close')}
        </button>
      </div>
    </dialog>
  );
}

/** Status, times and ids of the message whose info was asked for, with Resend when it failed. */
export function MessageInfo() {
  const info = useMessaging((s) => s.info);
  const message = useMessaging((s) =>
    s.info ? s.messages[s.info.conversationId]?.find((m) => m.id === s.info?.id) : undefined,
  );
  if (!info || !message) return null;
  return <InfoDialog key={message.id} message={message} />;
}
