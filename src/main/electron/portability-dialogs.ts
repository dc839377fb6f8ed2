/**
 * Export and import files in Electron: the native Save and Open dialogs belong to the main
 * process, and the file moves between the chosen place and the core in pieces through the same
 * validated calls the browser host's page uses — no path ever comes from the window, and the core
 * never gets one. A saved export is written beside its final name, synced and renamed in place
 * (the Save dialog already asked the user before replacing a file), readable by its owner only.
 * Kept free of `electron` imports so it is unit-tested with plain functions.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import { calls } from '../../shared/ipc/contract';
import { PORTABILITY_PIECE_BYTES } from '../../shared/ipc/portability';
import { fail, ok, type IpcResult } from '../../shared/ipc/result';

export interface PortabilityDialogDeps {
  readonly dispatch: (name: string, args: unknown) => Promise<IpcResult<unknown>>;
  /** The native Save dialog; undefined when the user cancelled. */
  readonly chooseSavePath: (defaultPath: string) => Promise<string | undefined>;
  /** The native Open dialog; undefined when the user cancelled. */
  readonly chooseOpenPath: () => Promise<string | undefined>;
  /** Where the Save dialog opens (the Documents folder). */
  readonly defaultDir: string;
}

const saveAnswer = calls['portability.exportSave'].result;
const readAnswer = calls['portability.exportRead'].result;
const beginAnswer = calls['portability.importBegin'].result;
type SaveResult = z.infer<typeof saveAnswer>;
type ChooseResult = z.infer<(typeof calls)['portability.importChoose']['result']>;

export async function saveExportWithDialog(
  deps: PortabilityDialogDeps,
  args: unknown,
): Promise<IpcResult<SaveResult>> {
  const parsed = calls['portability.exportSave'].args.safeParse(args);
  if (!parsed.success) return fail('invalid-arguments', 'portability.exportSave: bad arguments');
  const proposed = await deps.dispatch('portability.exportSave', parsed.data);
  if (!proposed.ok) return proposed;
  const { fileName } = saveAnswer.parse(proposed.value);
  const chosen = await deps.chooseSavePath(join(deps.defaultDir, fileName));
  if (chosen === undefined) return ok({ saved: false, fileName });
  const tmp = join(dirname(chosen), `.${basename(chosen)}.${randomBytes(6).toString('hex')}.part`);
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      let offset = 0;
      for (;;) {
        const piece = await deps.dispatch('portability.exportRead', { jobId: parsed.data.jobId, offset });
        if (!piece.ok) throw new Error(piece.error.message);
        const { data, size } = readAnswer.parse(piece.value);
        const bytes = Buffer.from(data, 'base64');
        await fh.write(bytes);
        offset += bytes.length;
        if (offset >= size || bytes.length === 0) break;
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, chosen);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    return fail('unavailable', `the file could not be written: ${e instanceof Error ? e.message : 'error'}`);
  }
  await deps.dispatch('portability.exportDiscard', parsed.data);
  return ok({ saved: true, fileName: basename(chosen) });
}

export async function chooseImportWithDialog(
  deps: PortabilityDialogDeps,
  args: unknown,
): Promise<IpcResult<ChooseResult>> {
  const parsed = calls['portability.importChoose'].args.safeParse(args ?? {});
  if (!parsed.success) return fail('invalid-arguments', 'portability.importChoose: bad arguments');
  const chosen = await deps.chooseOpenPath();
  if (chosen === undefined) return ok({ chosen: false });
  try {
    const fh = await open(chosen, 'r');
    try {
      const size = (await fh.stat()).size;
      const begun = await deps.dispatch('portability.importBegin', { size });
      if (!begun.ok) return begun;
      const { uploadId } = beginAnswer.parse(begun.value);
      const buf = Buffer.alloc(PORTABILITY_PIECE_BYTES);
      let offset = 0;
      while (offset < size) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
        if (bytesRead === 0) break;
        const sent = await deps.dispatch('portability.importAppend', {
          uploadId,
          offset,
          data: buf.subarray(0, bytesRead).toString('base64'),
        });
        if (!sent.ok) return sent;
        offset += bytesRead;
      }
      return ok({ chosen: true, uploadId, fileName: basename(chosen), size });
    } finally {
      await fh.close();
    }
  } catch (e) {
    return fail('unavailable', `the file could not be read: ${e instanceof Error ? e.message : 'error'}`);
  }
}
