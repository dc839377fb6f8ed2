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
  const single = items.length === 1;
  return (
    <div className={`media-grid media-grid-${Math.min(items.length, 4)}`} data-testid="media-grid">
      {items.map((a) =>
        a.contentType.startsWith('video/') ? (
          <VideoTile key={a.id} attachment={a} message={message} single={single} />
        ) : (
          <ImageTile
            key={a.id}
            attachment={a}
            message={message}
            single={single}
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

/**
 * A lone picture or video keeps its own proportions (known from the pointer before it is even
 * downloaded, so the row does not jump when it arrives); in a grid, tiles are cropped alike.
 */
function tileShape(attachment: Attachment, single: boolean): { aspectRatio: string } | undefined {
  const { width, height } = attachment;
  if (!single || width === null || height === null || width <= 0 || height <= 0) return undefined;
  return { aspectRatio: `${width} / ${height}` };
}

function ImageTile({
  attachment,
  message,
  single,
  onOpen,
}: {
  readonly attachment: Attachment;
  readonly message: Message;
  readonly single: boolean;
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
    <div
      className="media-tile"
      ref={ref}
      data-testid="attachment-image"
      data-state={attachment.state}
      // Through the CSSOM (React sets style properties), which the CSP allows.
      style={tileShape(attachment, single)}
    >
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

function VideoTile({
  attachment,
  message,
  single,
}: {
  readonly attachment: Attachment;
  readonly message: Message;
  readonly single: boolean;
}) {
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
      style={tileShape(attachment, single)}
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
