import type { TFunction } from 'i18next';
import type { Attachment } from '../../shared/ipc/attachments';
import type { DisappearingSetting } from '../../shared/disappearing';
import { formatBytes } from '../attachments/kinds';
import { attachmentPreview } from '../attachments/preview';
import { settingText } from './disappearing/duration';

/**
 * The Message info panel's "Attachments" row: each file by its name (or its kind, for a voice
 * message or a file sent without a name) and size, or "None". It said "None" for every message,
 * a photo's included, which contradicted the bubble right behind the panel.
 */
export function attachmentsInfo(
  t: TFunction,
  attachments: readonly Pick<Attachment, 'fileName' | 'contentType' | 'voice' | 'size'>[],
  language: string,
): string {
  if (attachments.length === 0) return t('messaging.info.attachmentsNone');
  const units = [
    t('attachments.units.b'),
    t('attachments.units.kb'),
    t('attachments.units.mb'),
    t('attachments.units.gb'),
  ];
  return attachments
    .map((a) => {
      const name = a.voice || a.fileName === null ? attachmentPreview(t, a) : a.fileName;
      return t('messaging.info.attachment', { name, size: formatBytes(a.size, language, units) });
    })
    .join('\n');
}

/**
 * The "Disappears" row: "No" when the message does not disappear. The conversation's own state
 * word read wrong here in French ("Disparaît : Désactivés", plural, for one message).
 */
export function disappearsInfo(t: TFunction, expiry: DisappearingSetting): string {
  return expiry.mode === 'off' ? t('messaging.info.disappearsOff') : settingText(t, expiry);
}
