import type { VeilBridge } from '../../shared/ipc/bridge';
import type { IpcError } from '../../shared/ipc/result';
import { downloadBlob } from '../components/download';
import { readAttachment } from './useAttachmentUrl';

/**
 * Save as…: Electron shows its native dialog in main. The browser host cannot write where the user
 * chooses and answers `saved: false`; the page then hands the decrypted bytes to the browser's own
 * download under the safe name main proposed (no path separators, no hidden or double extension).
 */
export async function saveAttachment(
  bridge: VeilBridge,
  attachmentId: string,
): Promise<IpcError | undefined> {
  const r = await bridge.invoke('attachments.saveAs', { attachmentId });
  if (!r.ok) return r.error;
  if (r.value.saved) return undefined;
  const blob = await readAttachment(bridge, attachmentId, 'file');
  if (!blob) return { code: 'not-found', message: 'attachment not readable' };
  downloadBlob(blob, r.value.safeName);
  return undefined;
}
