import { useEffect, useState, type RefObject } from 'react';
import type { Attachment } from '../../shared/ipc/attachments';
import type { VeilBridge } from '../../shared/ipc/bridge';
import { useApp } from '../store';
import { base64ToBytes } from './base64';

/** The decrypted bytes of a ready attachment, as a Blob (read through the bridge, never from disk). */
export async function readAttachment(
  bridge: VeilBridge,
  attachmentId: string,
  variant: 'file' | 'thumbnail',
): Promise<Blob | undefined> {
  const r = await bridge.invoke('attachments.read', { attachmentId, variant });
  if (!r.ok) return undefined;
  return new Blob([base64ToBytes(r.value.data)], { type: r.value.contentType });
}

/**
 * A blob: URL for a ready attachment while the component is mounted (the CSP allows blob: for
 * images and media, nothing remote), revoked when it unmounts or the attachment changes. Nothing is
 * read until `enabled` (the row is in view).
 */
export function useAttachmentUrl(
  attachment: Pick<Attachment, 'id' | 'state' | 'hasThumbnail'> | undefined,
  variant: 'file' | 'thumbnail',
  enabled = true,
): string | undefined {
  return useAttachmentBlob(attachment, variant, enabled)?.url;
}

/** The same, with the Blob itself (a voice message decodes it for its waveform). */
export function useAttachmentBlob(
  attachment: Pick<Attachment, 'id' | 'state' | 'hasThumbnail'> | undefined,
  variant: 'file' | 'thumbnail',
  enabled = true,
): { readonly blob: Blob; readonly url: string } | undefined {
  const bridge = useApp((s) => s.bridge);
  const [loaded, setLoaded] = useState<{ readonly blob: Blob; readonly url: string } | undefined>();
  const id = attachment?.id;
  const ready =
    attachment?.state === 'ready' || (variant === 'thumbnail' && attachment?.hasThumbnail === true);
  const wanted = variant === 'file' || attachment?.hasThumbnail === true;
  useEffect(() => {
    if (!bridge || id === undefined || !ready || !wanted || !enabled) return;
    let cancelled = false;
    let made: string | undefined;
    void readAttachment(bridge, id, variant).then((blob) => {
      if (cancelled || !blob) return;
      made = URL.createObjectURL(blob);
      setLoaded({ blob, url: made });
    });
    return () => {
      cancelled = true;
      if (made !== undefined) URL.revokeObjectURL(made);
      setLoaded(undefined);
    };
  }, [bridge, id, ready, wanted, enabled, variant]);
  return loaded;
}

/**
 * True once the element has come near the viewport: the message list renders a few rows beyond
 * the visible ones (overscan), and their pictures need not be decrypted until they are seen.
 */
export function useInView(ref: RefObject<Element | null>): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (seen || !el) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setSeen(true);
          observer.disconnect();
        }
      },
      { rootMargin: '200px' },
    );
    observer.observe(el);
    return () => {
      observer.disconnect();
    };
  }, [ref, seen]);
  return seen;
}
