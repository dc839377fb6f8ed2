import type { AttachmentService } from '../attachments/attachment-service';
import type { Handlers } from '../ipc/dispatcher';
import { IpcFailure } from '../../shared/ipc/result';

type AttachmentCallNames =
  | 'attachments.stage'
  | 'attachments.unstage'
  | 'attachments.read'
  | 'attachments.download'
  | 'attachments.cancel'
  | 'attachments.saveAs'
  | 'attachments.usage'
  | 'attachments.clearDownloaded';

const bytes = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));
const base64 = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/** `attachments.*` over IPC (src/shared/ipc/attachments.ts); every argument is parsed by the dispatcher. */
export function attachmentHandlers(
  service: () => AttachmentService | undefined,
): Pick<Handlers, AttachmentCallNames> {
  const s = (): AttachmentService => {
    const found = service();
    if (!found) throw new IpcFailure('unauthorized', 'no unlocked account', 'account.locked');
    return found;
  };
  return {
    'attachments.stage': (a) =>
      s().stage({
        fileName: a.fileName,
        contentType: a.contentType,
        data: bytes(a.data),
        ...(a.width !== undefined ? { width: a.width } : {}),
        ...(a.height !== undefined ? { height: a.height } : {}),
        ...(a.voice !== undefined ? { voice: a.voice } : {}),
        ...(a.thumbnail !== undefined ? { thumbnail: bytes(a.thumbnail) } : {}),
      }),
    'attachments.unstage': ({ stagedId }) => {
      s().unstage(stagedId);
      return null;
    },
    'attachments.read': ({ attachmentId, variant }) => {
      const r = s().read(attachmentId, variant);
      return { contentType: r.contentType, data: base64(r.data) };
    },
    'attachments.download': ({ attachmentId }) => {
      // Progress and the outcome come as events; the call only starts it.
      void s()
        .download(attachmentId)
        .catch(() => undefined);
      return null;
    },
    'attachments.cancel': ({ attachmentId }) => {
      s().cancel(attachmentId);
      return null;
    },
    'attachments.saveAs': ({ attachmentId }) => s().saveAs(attachmentId),
    'attachments.usage': () => s().usage(),
    'attachments.clearDownloaded': () => s().clearDownloaded(),
  };
}
