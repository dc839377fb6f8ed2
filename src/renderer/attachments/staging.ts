import { create } from 'zustand';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_NAME_MAX,
  ATTACHMENTS_PER_MESSAGE_MAX,
  type StagedAttachment,
} from '../../shared/ipc/attachments';
import type { VeilBridge } from '../../shared/ipc/bridge';
import type { IpcError } from '../../shared/ipc/result';
import { base64ToBytes, blobToBase64 } from './base64';
import { contentTypeOf, kindOf } from './kinds';
import { probeImage, probeVideo, type MediaProbe } from './media-probe';

/** One file in the staging row: being read and stored, or stored and waiting to be sent. */
export interface StagedItem {
  /** Ours, stable while staging (the stagedId comes later). */
  readonly key: string;
  readonly fileName: string;
  readonly size: number;
  readonly contentType: string;
  readonly voice: boolean;
  readonly staged: StagedAttachment | undefined;
  /** A blob: URL of the local thumbnail, revoked when the item leaves the row. */
  readonly previewUrl: string | undefined;
}

/** Why a file did not make it into the row (shown under it, naming the file). */
export type StagingProblem =
  | { readonly kind: 'tooLarge'; readonly fileName: string }
  | { readonly kind: 'tooMany'; readonly fileName: string }
  | { readonly kind: 'failed'; readonly fileName: string; readonly error: IpcError };

interface StagingState {
  readonly items: Readonly<Record<string, readonly StagedItem[]>>;
  readonly problems: Readonly<Record<string, readonly StagingProblem[]>>;
  /** Checks, reads and stages each file in order; refused ones become problems. */
  add: (
    bridge: VeilBridge,
    conversationId: string,
    files: readonly File[],
    options?: { readonly voice?: boolean },
  ) => Promise<void>;
  remove: (bridge: VeilBridge, conversationId: string, key: string) => Promise<void>;
  /** After sending: the row empties (the core now owns the staged files). */
  clear: (conversationId: string) => void;
  dismissProblems: (conversationId: string) => void;
}

let nextKey = 0;

/** A name the contract accepts: never empty, at most ATTACHMENT_NAME_MAX characters. */
function fileNameOf(file: File): string {
  const name = file.name.trim() === '' ? 'file' : file.name;
  return name.length <= ATTACHMENT_NAME_MAX ? name : name.slice(name.length - ATTACHMENT_NAME_MAX);
}

async function probe(file: File, contentType: string): Promise<MediaProbe> {
  const kind = kindOf({ contentType, voice: false });
  if (kind === 'image') return probeImage(file);
  if (kind === 'video') return probeVideo(file);
  return {};
}

export const useStaging = create<StagingState>()((set, get) => {
  const update = (conversationId: string, f: (items: readonly StagedItem[]) => readonly StagedItem[]) => {
    set({ items: { ...get().items, [conversationId]: f(get().items[conversationId] ?? []) } });
  };
  const problem = (conversationId: string, p: StagingProblem) => {
    set({
      problems: { ...get().problems, [conversationId]: [...(get().problems[conversationId] ?? []), p] },
    });
  };

  return {
    items: {},
    problems: {},

    async add(bridge, conversationId, files, options = {}) {
      set({ problems: { ...get().problems, [conversationId]: [] } });
      for (const file of files) {
        const fileName = fileNameOf(file);
        // Refused here, before a byte is read: Session's limit, exactly 10,000,000 bytes.
        if (file.size > ATTACHMENT_MAX_BYTES) {
          problem(conversationId, { kind: 'tooLarge', fileName });
          continue;
        }
        if ((get().items[conversationId] ?? []).length >= ATTACHMENTS_PER_MESSAGE_MAX) {
          problem(conversationId, { kind: 'tooMany', fileName });
          continue;
        }
        const contentType = contentTypeOf(file);
        const key = `staged-${++nextKey}`;
        const voice = options.voice === true;
        update(conversationId, (items) => [
          ...items,
          { key, fileName, size: file.size, contentType, voice, staged: undefined, previewUrl: undefined },
        ]);
        const probed = await probe(file, contentType);
        const previewUrl =
          probed.thumbnail !== undefined
            ? URL.createObjectURL(new Blob([base64ToBytes(probed.thumbnail)], { type: 'image/jpeg' }))
            : undefined;
        update(conversationId, (items) => items.map((i) => (i.key === key ? { ...i, previewUrl } : i)));
        const r = await bridge.invoke('attachments.stage', {
          fileName,
          contentType,
          data: await blobToBase64(file),
          ...(probed.width !== undefined && probed.height !== undefined
            ? { width: probed.width, height: probed.height }
            : {}),
          ...(probed.thumbnail !== undefined ? { thumbnail: probed.thumbnail } : {}),
          ...(voice ? { voice: true } : {}),
        });
        const still = (get().items[conversationId] ?? []).some((i) => i.key === key);
        if (!r.ok) {
          if (previewUrl !== undefined) URL.revokeObjectURL(previewUrl);
          update(conversationId, (items) => items.filter((i) => i.key !== key));
          problem(conversationId, { kind: 'failed', fileName, error: r.error });
        } else if (!still) {
          // Removed while it was being stored: the core must forget it too.
          await bridge.invoke('attachments.unstage', { stagedId: r.value.stagedId });
        } else {
          update(conversationId, (items) =>
            items.map((i) => (i.key === key ? { ...i, staged: r.value } : i)),
          );
        }
      }
    },

    async remove(bridge, conversationId, key) {
      const item = (get().items[conversationId] ?? []).find((i) => i.key === key);
      if (!item) return;
      if (item.previewUrl !== undefined) URL.revokeObjectURL(item.previewUrl);
      update(conversationId, (items) => items.filter((i) => i.key !== key));
      if (item.staged) await bridge.invoke('attachments.unstage', { stagedId: item.staged.stagedId });
    },

    clear(conversationId) {
      for (const i of get().items[conversationId] ?? [])
        if (i.previewUrl !== undefined) URL.revokeObjectURL(i.previewUrl);
      set({ items: { ...get().items, [conversationId]: [] } });
    },

    dismissProblems(conversationId) {
      set({ problems: { ...get().problems, [conversationId]: [] } });
    },
  };
});
