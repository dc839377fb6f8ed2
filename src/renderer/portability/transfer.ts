/**
 * Moving an export file between the user and the core without a path from the window. In the
 * browser host the page downloads a finished export from its pieces and sends a chosen file up in
 * pieces, each through an authenticated call (the token stays in the page, never in a URL).
 * Electron's main process does the same behind its native dialogs.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { VeilBridge } from '../../shared/ipc/bridge';
import { PORTABILITY_PIECE_BYTES } from '../../shared/ipc/portability';
import type { IpcError } from '../../shared/ipc/result';
import { downloadBlob } from '../components/download';

function fromBase64(data: string): Uint8Array<ArrayBuffer> {
  const bin = atob(data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  // In slices: String.fromCharCode takes a bounded number of arguments.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

/** Saves a finished export: Electron's Save dialog, or the browser's own download. */
export async function saveExport(
  bridge: VeilBridge,
  jobId: string,
): Promise<{ saved: boolean; error?: IpcError }> {
  const r = await bridge.invoke('portability.exportSave', { jobId });
  if (!r.ok) return { saved: false, error: r.error };
  if (r.value.saved || bridge.host === 'electron') return { saved: r.value.saved };
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (;;) {
    const piece = await bridge.invoke('portability.exportRead', { jobId, offset });
    if (!piece.ok) return { saved: false, error: piece.error };
    const bytes = fromBase64(piece.value.data);
    parts.push(bytes);
    offset += bytes.length;
    if (offset >= piece.value.size || bytes.length === 0) break;
  }
  downloadBlob(new Blob(parts, { type: 'application/octet-stream' }), r.value.fileName);
  await bridge.invoke('portability.exportDiscard', { jobId });
  return { saved: true };
}

/** Sends a file chosen in the page to the core, piece by piece; `onSent` reports bytes sent. */
export async function uploadFile(
  bridge: VeilBridge,
  file: File,
  onSent: (done: number) => void,
): Promise<{ uploadId?: string; error?: IpcError }> {
  const begun = await bridge.invoke('portability.importBegin', { size: file.size });
  if (!begun.ok) return { error: begun.error };
  const { uploadId } = begun.value;
  for (let offset = 0; offset < file.size; offset += PORTABILITY_PIECE_BYTES) {
    const bytes = new Uint8Array(await file.slice(offset, offset + PORTABILITY_PIECE_BYTES).arrayBuffer());
    const sent = await bridge.invoke('portability.importAppend', { uploadId, offset, data: toBase64(bytes) });
    if (!sent.ok) return { error: sent.error };
    onSent(offset + bytes.length);
  }
  return { uploadId };
}

export type JobState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly jobId: string; readonly done: number; readonly total: number }
  | { readonly kind: 'done'; readonly jobId: string }
  | { readonly kind: 'failed'; readonly code: string };

/**
 * Follows one job through `portability.progress` and `portability.finished`. A job that fails at
 * once may say so before the call that started it has answered (the event and the answer travel
 * apart): such an early end is kept and applied when the job is tracked.
 */
export function useJob(
  bridge: VeilBridge | undefined,
): [JobState, (s: JobState) => void, (jobId: string) => void] {
  const [state, setState] = useState<JobState>({ kind: 'idle' });
  const early = useRef(new Map<string, JobState>());
  useEffect(() => {
    if (!bridge) return;
    const offProgress = bridge.on('portability.progress', (p) => {
      setState((s) =>
        s.kind === 'running' && s.jobId === p.jobId ? { ...s, done: p.done, total: p.total } : s,
      );
    });
    const offFinished = bridge.on('portability.finished', (f) => {
      const end: JobState = f.ok
        ? { kind: 'done', jobId: f.jobId }
        : { kind: 'failed', code: f.error?.code ?? 'io' };
      setState((s) => {
        if (s.kind === 'running' && s.jobId === f.jobId) return end;
        early.current.set(f.jobId, end);
        return s;
      });
    });
    return () => {
      offProgress();
      offFinished();
    };
  }, [bridge]);
  const track = useCallback((jobId: string) => {
    const end = early.current.get(jobId);
    early.current.delete(jobId);
    setState(end ?? { kind: 'running', jobId, done: 0, total: 0 });
  }, []);
  return [state, setState, track];
}

/** The catalog key of a failure code (`password.too-short` → `password-too-short`). */
export const errorKey = (code: string) => `portability.errors.${code.replace(/\./g, '-')}`;
