// First, and here too: this lazily loaded view shares modules (zod and the contract) with the
// main bundle, so the bundler puts them in a common chunk that runs before main.tsx; importing
// zod-config here puts it in that chunk, ahead of the schemas (else zod's eval probe trips the CSP).
import '../zod-config';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../shared/ipc/attachments';
import '../styles/attachments.css';
import { ChevronIcon, CloseIcon } from './AttachmentIcons';
import { trapTab } from './focus-trap';
import { useAttachmentUrl } from './useAttachmentUrl';
import { useSave } from './useSave';

const ZOOMS = [1, 1.5, 2, 3, 4] as const;

/**
 * One picture at a time, full size, over everything. A modal <dialog> (showModal) keeps the focus
 * inside and makes the page behind inert; closing gives the focus back to the picture that opened
 * it. ← → move between the message's pictures, + − zoom, Esc closes.
 */
export function Lightbox({
  images,
  start,
  onClose,
}: {
  readonly images: readonly Attachment[];
  readonly start: number;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [index, setIndex] = useState(start);
  const [zoom, setZoom] = useState(0);
  const current = images[index];
  const url = useAttachmentUrl(current, 'file');
  const { save, dialog } = useSave(current ?? { id: '', fileName: null });
  const count = images.length;

  useEffect(() => {
    const el = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (el && !el.open) el.showModal();
    return () => {
      if (el?.open) el.close();
      opener?.focus();
    };
  }, []);

  const go = (step: number) => {
    if (count < 2) return;
    setIndex((i) => (i + step + count) % count);
    setZoom(0);
  };
  const zoomBy = (step: number) => {
    setZoom((z) => Math.min(ZOOMS.length - 1, Math.max(0, z + step)));
  };

  function onKeyDown(e: KeyboardEvent) {
    // Keys inside a dialog opened over this one (the executable warning) are that dialog's.
    if (e.target instanceof Element && e.target.closest('dialog') !== ref.current) return;
    if (e.key === 'Tab') {
      trapTab(e, ref.current);
      return;
    }
    if (e.key === 'ArrowRight') go(document.documentElement.dir === 'rtl' ? -1 : 1);
    else if (e.key === 'ArrowLeft') go(document.documentElement.dir === 'rtl' ? 1 : -1);
    else if (e.key === '+' || e.key === '=') zoomBy(1);
    else if (e.key === '-') zoomBy(-1);
    else return;
    e.preventDefault();
  }

  const name = current?.fileName ?? t('attachments.photo');
  return (
    <dialog
      ref={ref}
      className="lightbox"
      data-testid="lightbox"
      aria-label={t('attachments.lightbox.label', { name })}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="lightbox-bar">
        <span className="lightbox-title" dir="auto">
          {name}
        </span>
        <span className="lightbox-count" data-testid="lightbox-count" aria-live="polite">
          {t('attachments.lightbox.position', { index: index + 1, total: count })}
        </span>
        <button
          type="button"
          className="button button-small"
          data-testid="lightbox-zoom-out"
          disabled={zoom === 0}
          onClick={() => {
            zoomBy(-1);
          }}
        >
          {t('attachments.lightbox.zoomOut')}
        </button>
        <button
          type="button"
          className="button button-small"
          data-testid="lightbox-zoom-in"
          disabled={zoom === ZOOMS.length - 1}
          onClick={() => {
            zoomBy(1);
          }}
        >
          {t('attachments.lightbox.zoomIn')}
        </button>
        <button type="button" className="button button-small" data-testid="lightbox-save" onClick={save}>
          {t('attachments.saveAs')}
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="lightbox-close"
          aria-label={t('attachments.lightbox.close')}
          onClick={onClose}
          autoFocus
        >
          <CloseIcon />
        </button>
      </div>
      <div className="lightbox-stage" data-zoomed={zoom > 0}>
        {count > 1 && (
          <button
            type="button"
            className="lightbox-nav lightbox-prev"
            data-testid="lightbox-prev"
            aria-label={t('attachments.lightbox.previous')}
            onClick={() => {
              go(-1);
            }}
          >
            <ChevronIcon direction="left" />
          </button>
        )}
        {url !== undefined && (
          <img
            className="lightbox-image"
            data-testid="lightbox-image"
            data-id={current?.id}
            src={url}
            alt={name}
            style={{ transform: `scale(${ZOOMS[zoom] ?? 1})` }}
            onClick={() => {
              setZoom((z) => (z === 0 ? 2 : 0));
            }}
          />
        )}
        {count > 1 && (
          <button
            type="button"
            className="lightbox-nav lightbox-next"
            data-testid="lightbox-next"
            aria-label={t('attachments.lightbox.next')}
            onClick={() => {
              go(1);
            }}
          >
            <ChevronIcon direction="right" />
          </button>
        )}
      </div>
      {dialog}
    </dialog>
  );
}
