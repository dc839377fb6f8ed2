import { lazy, Suspense, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../shared/ipc/attachments';
import type { Message } from '../../shared/ipc/messaging';
import { TransferStatus } from './TransferStatus';
import { useAttachmentUrl, useInView } from './useAttachmentUrl';

// Loaded the first time a picture is opened: most sessions never need it.
const Lightbox = lazy(() => import('./Lightbox').then((m) => ({ default: m.Lightbox })));

/** Pictures and videos of one message in a grid; a picture opens the lightbox. */
export function MediaGrid({
  items,
  message,
}: {
  readonly items: readonly Attachment[];
  readonly message: Message;
}) {
  const [open, setOpen] = useState<number | undefined>();
  const images = items.filter((a) => !a.contentType.startsWith('video/'));
  return (
    <div className={`media-grid media-grid-${Math.min(items.length, 4)}`} data-testid="media-grid">
      {items.map((a) =>
        a.contentType.startsWith('video/') ? (
          <VideoTile key={a.id} attachment={a} message={message} />
        ) : (
          <ImageTile
            key={a.id}
            attachment={a}
            message={message}
            onOpen={() => {
              setOpen(images.indexOf(a));
            }}
          />
        ),
      )}
      {open !== undefined && (
        <Suspense fallback={null}>
          <Lightbox
            images={images}
            start={open}
            onClose={() => {
              setOpen(undefined);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}

function ImageTile({
  attachment,
  message,
  onOpen,
}: {
  readonly attachment: Attachment;
  readonly message: Message;
  readonly onOpen: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const inView = useInView(ref);
  const thumb = useAttachmentUrl(attachment, 'thumbnail', inView);
  // Without a thumbnail (another client sent none), the picture itself stands in.
  const full = useAttachmentUrl(attachment, 'file', inView && !attachment.hasThumbnail);
  const src = thumb ?? full;
  const name = attachment.fileName ?? t('attachments.photo');
  const ready = attachment.state === 'ready';
  return (
    <div className="media-tile" ref={ref} data-testid="attachment-image" data-state={attachment.state}>
      {ready ? (
        <button
          type="button"
          className="media-open"
          aria-label={t('attachments.openImage', { name })}
          data-testid="attachment-open"
          onClick={onOpen}
        >
          {src !== undefined ? <img src={src} alt="" /> : <span className="media-placeholder" />}
        </button>
      ) : (
        <>
          {src !== undefined ? <img src={src} alt="" /> : <span className="media-placeholder" />}
          <div className="media-overlay">
            <TransferStatus attachment={attachment} message={message} compact />
          </div>
        </>
      )}
    </div>
  );
}

function VideoTile({ attachment, message }: { readonly attachment: Attachment; readonly message: Message }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const inView = useInView(ref);
  const poster = useAttachmentUrl(attachment, 'thumbnail', inView);
  const ready = attachment.state === 'ready';
  const src = useAttachmentUrl(attachment, 'file', inView && ready);
  return (
    <div
      className="media-tile media-tile-video"
      ref={ref}
      data-testid="attachment-video"
      data-state={attachment.state}
    >
      {ready && src !== undefined ? (
        <video
          src={src}
          controls
          preload="metadata"
          {...(poster !== undefined ? { poster } : {})}
          aria-label={attachment.fileName ?? t('attachments.video')}
        />
      ) : (
        <>
          {poster !== undefined ? <img src={poster} alt="" /> : <span className="media-placeholder" />}
          {!ready && (
            <div className="media-overlay">
              <TransferStatus attachment={attachment} message={message} compact />
            </div>
          )}
        </>
      )}
    </div>
  );
}
