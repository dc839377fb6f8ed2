import type { VeilBridge } from '../../shared/ipc/bridge';
import type { IpcError } from '../../shared/ipc/result';
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
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = r.value.safeName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken the bytes once click() returns; a moment later is safe to revoke.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
  return undefined;
}
