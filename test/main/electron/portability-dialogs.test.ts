/**
 * Export / import files in Electron (issue #20 item 5): the Save dialog's choice gets the export's
 * pieces, written atomically and owner-only; the Open dialog's file goes to the core in ordered
 * pieces; a cancelled dialog writes and sends nothing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseImportWithDialog, saveExportWithDialog } from '../../../src/main/electron/portability-dialogs';
import { PORTABILITY_PIECE_BYTES } from '../../../src/shared/ipc/portability';
import { fail, ok, type IpcResult } from '../../../src/shared/ipc/result';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'veil-port-dlg-'));
  dirs.push(d);
  return d;
};
const JOB = 'a'.repeat(32);

describe('saveExportWithDialog', () => {
  it('writes every piece where the user chose, 0600, then discards the copy in the profile', async () => {
    const dir = tmp();
    const file = randomBytes(PORTABILITY_PIECE_BYTES * 2 + 123);
    const calls: string[] = [];
    const dispatch = (name: string, args: unknown): Promise<IpcResult<unknown>> => {
      calls.push(name);
      if (name === 'portability.exportSave')
        return Promise.resolve(ok({ saved: false, fileName: 'p.veilexport' }));
      if (name === 'portability.exportRead') {
        const { offset } = args as { offset: number };
        const data = file.subarray(offset, offset + PORTABILITY_PIECE_BYTES).toString('base64');
        return Promise.resolve(ok({ data, size: file.length }));
      }
      return Promise.resolve(ok(null));
    };
    writeFileSync(join(dir, 'p.veilexport'), 'old'); // the dialog asked before replacing
    let proposed = '';
    const r = await saveExportWithDialog(
      {
        dispatch,
        defaultDir: dir,
        chooseSavePath: (p) => {
          proposed = p;
          return Promise.resolve(p);
        },
        chooseOpenPath: () => Promise.resolve(undefined),
      },
      { jobId: JOB },
    );
    expect(proposed).toBe(join(dir, 'p.veilexport'));
    expect(r).toEqual({ ok: true, value: { saved: true, fileName: 'p.veilexport' } });
    expect(readFileSync(join(dir, 'p.veilexport')).equals(file)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(join(dir, 'p.veilexport')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['p.veilexport']);
    expect(calls.at(-1)).toBe('portability.exportDiscard');
  });

  it('writes nothing when cancelled or when a piece fails, and refuses bad arguments', async () => {
    const dir = tmp();
    const deps = (read: IpcResult<unknown>, chosen: string | undefined) => ({
      dispatch: (name: string): Promise<IpcResult<unknown>> =>
        Promise.resolve(
          name === 'portability.exportSave' ? ok({ saved: false, fileName: 'p.veilexport' }) : read,
        ),
      defaultDir: dir,
      chooseSavePath: () => Promise.resolve(chosen),
      chooseOpenPath: () => Promise.resolve(undefined),
    });
    expect(await saveExportWithDialog(deps(ok(null), undefined), { jobId: JOB })).toEqual({
      ok: true,
      value: { saved: false, fileName: 'p.veilexport' },
    });
    const failed = await saveExportWithDialog(deps(fail('not-found', 'gone'), join(dir, 'x')), {
      jobId: JOB,
    });
    expect(failed.ok).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    const bad = await saveExportWithDialog(deps(ok(null), undefined), { jobId: '../../etc' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });
});

describe('chooseImportWithDialog', () => {
  it('sends the chosen file in ordered pieces and says which upload holds it', async () => {
    const dir = tmp();
    const file = randomBytes(PORTABILITY_PIECE_BYTES + 10);
    writeFileSync(join(dir, 'in.veilexport'), file);
    const got: Buffer[] = [];
    const offsets: number[] = [];
    const dispatch = (name: string, args: unknown): Promise<IpcResult<unknown>> => {
      if (name === 'portability.importBegin') return Promise.resolve(ok({ uploadId: 'b'.repeat(32) }));
      const a = args as { offset: number; data: string };
      offsets.push(a.offset);
      got.push(Buffer.from(a.data, 'base64'));
      return Promise.resolve(ok(null));
    };
    const r = await chooseImportWithDialog(
      {
        dispatch,
        defaultDir: dir,
        chooseSavePath: () => Promise.resolve(undefined),
        chooseOpenPath: () => Promise.resolve(join(dir, 'in.veilexport')),
      },
      {},
    );
    expect(r).toEqual({
      ok: true,
      value: { chosen: true, uploadId: 'b'.repeat(32), fileName: 'in.veilexport', size: file.length },
    });
    expect(offsets).toEqual([0, PORTABILITY_PIECE_BYTES]);
    expect(Buffer.concat(got).equals(file)).toBe(true);
  });

  it('sends nothing when the dialog is cancelled', async () => {
    const sent: string[] = [];
    const r = await chooseImportWithDialog(
      {
        dispatch: (name) => {
          sent.push(name);
          return Promise.resolve(ok(null));
        },
        defaultDir: tmp(),
        chooseSavePath: () => Promise.resolve(undefined),
        chooseOpenPath: () => Promise.resolve(undefined),
      },
      {},
    );
    expect(r).toEqual({ ok: true, value: { chosen: false } });
    expect(sent).toEqual([]);
  });
});
