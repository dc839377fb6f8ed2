import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../shared/ipc/attachments';
import type { Message } from '../../shared/ipc/messaging';
import { FileIcon } from './AttachmentIcons';
import { formatBytes } from './kinds';
import { TransferStatus } from './TransferStatus';
import { useByteUnits } from './useByteUnits';
import { useSave } from './useSave';

/** A document (or any file not shown inline): icon, name, size, and Save as… once it is here. */
export function FileRow({
  attachment,
  message,
}: {
  readonly attachment: Attachment;
  readonly message: Message;
}) {
  const { t, i18n } = useTranslation();
  const units = useByteUnits();
  const { save, dialog } = useSave(attachment);
  const name = attachment.fileName ?? t('attachments.unnamed');
  return (
    <div className="file-row" data-testid="attachment-file" data-state={attachment.state}>
      <span className="file-row-icon">
        <FileIcon />
      </span>
      <span className="file-row-text">
        <span className="file-row-name" dir="auto" title={name}>
          {name}
        </span>
        <span className="file-row-size">{formatBytes(attachment.size, i18n.language, units)}</span>
      </span>
      {attachment.state === 'ready' ? (
        <button
          type="button"
          className="button button-small"
          data-testid="attachment-save"
          aria-label={t('attachments.saveAsLabel', { name })}
          onClick={save}
        >
          {t('attachments.saveAs')}
        </button>
      ) : (
        <TransferStatus attachment={attachment} message={message} />
      )}
      {dialog}
    </div>
  );
}
