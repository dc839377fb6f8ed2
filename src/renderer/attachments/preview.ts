import type { TFunction } from 'i18next';
import { kindOf } from './kinds';

/**
 * The conversation list's words for a last message that is only an attachment: "Photo"… Its
 * mark is drawn (AttachmentMark), never an emoji: a machine without a colour-emoji font showed
 * "You: □ Photo".
 */
export function attachmentPreview(
  t: TFunction,
  a: { readonly contentType: string; readonly voice: boolean },
): string {
  const kind = kindOf(a);
  if (kind === 'voice') return t('attachments.preview.voice');
  if (kind === 'image') return t('attachments.preview.photo');
  if (kind === 'video') return t('attachments.preview.video');
  if (kind === 'audio') return t('attachments.preview.audio');
  return t('attachments.preview.file');
}
