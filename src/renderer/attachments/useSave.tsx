import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../shared/ipc/attachments';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useApp } from '../store';
import { useMessaging } from '../messaging/store';
import { isExecutableName } from './kinds';
import { saveAttachment } from './save';

/**
 * Save as… with a warning first for a file that runs code when opened. Returns the action and the
 * dialog to render (null when none is open).
 */
export function useSave(attachment: Pick<Attachment, 'id' | 'fileName'>): {
  readonly save: () => void;
  readonly dialog: React.ReactNode;
} {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const [warning, setWarning] = useState(false);
  const run = () => {
    if (!bridge) return;
    void saveAttachment(bridge, attachment.id).then((error) => {
      if (error) useMessaging.setState({ error });
    });
  };
  const save = () => {
    if (isExecutableName(attachment.fileName)) setWarning(true);
    else run();
  };
  const dialog = warning ? (
    <ConfirmDialog
      testId="executable-warning"
      title={t('attachments.executable.title')}
      body={t('attachments.executable.body', { name: attachment.fileName ?? '' })}
      confirmLabel={t('attachments.executable.confirm')}
      cancelLabel={t('attachments.executable.cancel')}
      onCancel={() => {
        setWarning(false);
      }}
      onConfirm={() => {
        setWarning(false);
        run();
      }}
    />
  ) : null;
  return { save, dialog };
}
