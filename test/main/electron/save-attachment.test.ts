/** Save as… in Electron (issue #16): the native dialog's choice, a safe name, never an overwrite. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { saveAttachmentWithDialog } from '../../../src/main/electron/save-attachment';
import { ok, type IpcResult } from '../../../src/shared/ipc/result';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function core(name: string, bytes: string) {
  const calls: string[] = [];
  return {
    calls,
    dispatch: (call: string): Promise<IpcResult<unknown>> => {
      calls.push(call);
      if (call === 'attachments.saveAs') return Promise.resolve(ok({ saved: false, safeName: name }));
      return Promise.resolve(ok({ contentType: 'text/plain', data: Buffer.from(bytes).toString('base64') }));
    },
  };
}

describe('saveAttachmentWithDialog', () => {
  it('writes the decrypted bytes where the user chose, next to an existing file rather than over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'veil-save-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'report.pdf'), 'mine');
    const c = core('report.pdf', 'theirs');
    let proposed = '';
    const r = await saveAttachmentWithDialog(
      {
        dispatch: c.dispatch,
        defaultDir: dir,
        chooseFile: (p) => {
          proposed = p;
          return Promise.resolve(join(dir, 'report.pdf'));
        },
      },
      { attachmentId: 'a'.repeat(32) },
    );
    expect(proposed).toBe(join(dir, 'report.pdf'));
    expect(r).toEqual({ ok: true, value: { saved: true, safeName: 'report (2).pdf' } });
    expect(readFileSync(join(dir, 'report.pdf'), 'utf8')).toBe('mine');
    expect(readFileSync(join(dir, 'report (2).pdf'), 'utf8')).toBe('theirs');
  });

  it('writes nothing when the dialog is cancelled, and refuses bad arguments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'veil-save-'));
    dirs.push(dir);
    const c = core('x.txt', 'x');
    const deps = { dispatch: c.dispatch, defaultDir: dir, chooseFile: () => Promise.resolve(undefined) };
    expect(await saveAttachmentWithDialog(deps, { attachmentId: 'b'.repeat(32) })).toEqual({
      ok: true,
      value: { saved: false, safeName: 'x.txt' },
    });
    expect(c.calls).toEqual(['attachments.saveAs']);
    expect(readdirSync(dir)).toEqual([]);
    expect((await saveAttachmentWithDialog(deps, { attachmentId: 5 })).ok).toBe(false);
  });
});
