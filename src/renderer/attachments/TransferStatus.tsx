import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../shared/ipc/attachments';
import type { Message } from '../../shared/ipc/messaging';
import { useApp } from '../store';
import { useMessaging } from '../messaging/store';
import { formatBytes } from './kinds';
import { useByteUnits } from './useByteUnits';

/**
 * Where a not-yet-ready attachment is, with what can be done about it: a progress bar and Cancel
 * while it moves, Download in a message request, the reason and Retry when it failed, and "no
 * longer available" when the file server dropped it.
 */
export function TransferStatus({
  attachment,
  message,
  compact = false,
}: {
  readonly attachment: Attachment;
  readonly message: Message;
  /** Over a picture: only the essentials. */
  readonly compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const resend = useMessaging((s) => s.resend);
  const units = useByteUnits();
  const size = formatBytes(attachment.size, i18n.language, units);
  const name = attachment.fileName ?? t('attachments.unnamed');
  const a = attachment;
  const download = () => void bridge?.invoke('attachments.download', { attachmentId: a.id });

  if (a.state === 'uploading' || a.state === 'downloading') {
    const percent = Math.round((a.progress ?? 0) * 100);
    const label = t(a.state === 'uploading' ? 'attachments.uploading' : 'attachments.downloading', {
      percent,
    });
    return (
      <div className="transfer" data-testid="attachment-transfer" data-state={a.state}>
        <progress
          className="transfer-bar"
          data-testid="attachment-progress"
          max={1}
          value={a.progress ?? 0}
          aria-label={t('attachments.progressLabel', { name })}
        />
        {!compact && <span className="transfer-text">{label}</span>}
        <button
          type="button"
          className="button button-small"
          data-testid="attachment-cancel"
          aria-label={t('attachments.cancelLabel', { name })}
          onClick={() => void bridge?.invoke('attachments.cancel', { attachmentId: a.id })}
        >
          {t('attachments.cancel')}
        </button>
      </div>
    );
  }
  if (a.state === 'pending') {
    return (
      <div className="transfer" data-testid="attachment-transfer" data-state="pending">
        <button
          type="button"
          className="button button-small button-primary"
          data-testid="attachment-download"
          aria-label={t('attachments.downloadLabel', { name, size })}
          onClick={download}
        >
          {t('attachments.download', { size })}
        </button>
      </div>
    );
  }
  if (a.state === 'expired') {
    return (
      <p className="transfer transfer-problem" data-testid="attachment-transfer" data-state="expired">
        {t('attachments.expired')}
      </p>
    );
  }
  if (a.state === 'failed') {
    // The contract names a catalog key under `reasons.`; accept it with or without the prefix.
    const key =
      a.error === null ? undefined : a.error.startsWith('reasons.') ? a.error : `reasons.${a.error}`;
    const reason =
      key !== undefined ? t(key, { defaultValue: t('attachments.failed') }) : t('attachments.failed');
    return (
      <div
        className="transfer transfer-problem"
        data-testid="attachment-transfer"
        data-state="failed"
        role="status"
      >
        <span className="transfer-text">{reason}</span>
        <button
          type="button"
          className="button button-small"
          data-testid="attachment-retry"
          aria-label={t('attachments.retryLabel', { name })}
          onClick={() => {
            // Ours: the message is sent again with its files; theirs: the download starts over.
            if (message.direction === 'out') void resend(message.id);
            else download();
          }}
        >
          {t('attachments.retry')}
        </button>
      </div>
    );
  }
  return null;
}
