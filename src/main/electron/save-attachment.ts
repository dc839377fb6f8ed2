/**
 * `attachments.saveAs` in Electron: the core proposes a safe name, the native Save dialog lets the
 * user choose where, and the main process writes the decrypted bytes there — as a new file only
 * (exclusive create; a taken name becomes "name (2).ext"), under a name made safe again (the
 * dialog's text field is typed by the user, but a sender chose the default). Kept free of
 * `electron` imports so it is unit-tested with plain functions.
 */
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import { calls } from '../../shared/ipc/contract';
import { fail, ok, type IpcResult } from '../../shared/ipc/result';
import { writeNewAttachmentFile } from '../security/save-new-file';

export interface SaveAttachmentDeps {
  readonly dispatch: (name: string, args: unknown) => Promise<IpcResult<unknown>>;
  /** The native dialog; undefined when the user cancelled. */
  readonly chooseFile: (defaultPath: string) => Promise<string | undefined>;
  /** Where the dialog opens (the Downloads folder). */
  readonly defaultDir: string;
}

const saveAnswer = calls['attachments.saveAs'].result;
const readAnswer = calls['attachments.read'].result;

export async function saveAttachmentWithDialog(
  deps: SaveAttachmentDeps,
  args: unknown,
): Promise<IpcResult<z.infer<typeof saveAnswer>>> {
  const parsed = calls['attachments.saveAs'].args.safeParse(args);
  if (!parsed.success) return fail('invalid-arguments', 'attachments.saveAs: bad arguments');
  const proposed = await deps.dispatch('attachments.saveAs', parsed.data);
  if (!proposed.ok) return proposed;
  const { safeName } = saveAnswer.parse(proposed.value);
  const chosen = await deps.chooseFile(join(deps.defaultDir, safeName));
  if (chosen === undefined) return ok({ saved: false, safeName });
  const bytes = await deps.dispatch('attachments.read', {
    attachmentId: parsed.data.attachmentId,
    variant: 'file',
  });
  if (!bytes.ok) return bytes;
  const data = new Uint8Array(Buffer.from(readAnswer.parse(bytes.value).data, 'base64'));
  try {
    const written = writeNewAttachmentFile(dirname(chosen), basename(chosen), data);
    return ok({ saved: true, safeName: basename(written) });
  } catch (e) {
    return fail('unavailable', `the file could not be written: ${e instanceof Error ? e.message : 'error'}`);
  }
}
