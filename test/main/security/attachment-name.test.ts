import fc from 'fast-check';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  attachmentPath,
  FALLBACK_NAME,
  MAX_NAME_BYTES,
  safeAttachmentName,
  uniqueAttachmentPath,
} from '../../../src/main/security/attachment-name';

const DIR = resolve('/tmp/veil-profile/attachments');

describe('safeAttachmentName', () => {
  it.each([
    ['photo.jpg', 'photo.jpg'],
    ['Compte rendu – réunion.pdf', 'Compte rendu – réunion.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\Windows\\System32\\drivers\\etc\\hosts', 'hosts'],
    ['/etc/shadow', 'shadow'],
    ['C:\\Users\\bob\\Desktop\\plan.docx', 'plan.docx'],
    ['\\\\server\\share\\x.txt', 'x.txt'],
    ['..', FALLBACK_NAME],
    ['.', FALLBACK_NAME],
    ['../', FALLBACK_NAME],
    ['', FALLBACK_NAME],
    ['   ', FALLBACK_NAME],
    ['\u0000', FALLBACK_NAME],
    ['report.pdf\u0000.exe', 'report.pdf.exe'],
    ['evil.exe.', 'evil.exe'],
    ['evil.exe . . ', 'evil.exe'],
    ['.bashrc', 'bashrc'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['Prn.tar.gz', '_Prn.tar.gz'],
    ['AUX', '_AUX'],
    ['nul.', '_nul'],
    ['COM1', '_COM1'],
    ['com9.log', '_com9.log'],
    ['COM\u00b9.txt', '_COM\u00b9.txt'],
    ['LPT1', '_LPT1'],
    ['lpt3.doc', '_lpt3.doc'],
    ['CONIN$', '_CONIN$'],
    ['con .txt', '_con .txt'],
    ['CONSOLE.txt', 'CONSOLE.txt'],
    ['COM10', 'COM10'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    // Bidi override: shown as "photo_exe.jpg"-like spoofs; the controls are removed.
    ['photo\u202Egpj.exe', 'photogpj.exe'],
    ['in\u2066voice\u2069.pdf', 'invoice.pdf'],
    ['zero\u200Bwidth\uFEFF.txt', 'zerowidth.txt'],
    // Slashes that only look like slashes never become separators.
    ['..\u2215..\u2215etc\u2215passwd', '_.._etc_passwd'],
    ['..\uFF0F..\uFF0Fpasswd', '_.._passwd'],
    ['tab\tand\nnewline.txt', 'tabandnewline.txt'],
    // Decomposed "é" becomes the one precomposed form, so two spellings are one file.
    ['e\u0301te\u0301.txt', '\u00e9t\u00e9.txt'],
  ])('%j → %j', (input, expected) => {
    expect(safeAttachmentName(input)).toBe(expected);
  });

  it('shortens very long names to the byte limit, keeping the extension and whole characters', () => {
    const long = `${'é'.repeat(500)}.pdf`;
    const safe = safeAttachmentName(long);
    expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(safe.endsWith('.pdf')).toBe(true);
    expect(safe).not.toContain('\uFFFD');
    const emoji = safeAttachmentName('😀'.repeat(300));
    expect(Buffer.byteLength(emoji)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(emoji.replaceAll('😀', '')).toBe(''); // whole characters only
  });

  it('any string gives one non-empty, bounded, stable component with nothing dangerous', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc
        .array(
          fc.constantFrom('..', '/', '\\', '.', ' ', 'CON', 'nul', '\u0000', '\u202E', ':', 'a', 'é', 'C:'),
          { maxLength: 40 },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(hostile, (input) => {
        const safe = safeAttachmentName(input);
        expect(safe.length).toBeGreaterThan(0);
        expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(MAX_NAME_BYTES);
        // eslint-disable-next-line no-control-regex -- asserting that no control character remains
        expect(safe).not.toMatch(/[/\\<>:"|?*\u0000-\u001f\u202a-\u202e\u2066-\u2069]/u);
        expect(safe).not.toMatch(/^[.\s]|[.\s]$/u);
        expect(safe.split('.')[0]?.trim()).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/iu);
        expect(safeAttachmentName(safe)).toBe(safe);
        expect(dirname(attachmentPath(DIR, input))).toBe(DIR);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('attachmentPath', () => {
  it('always lands directly in the attachments folder', () => {
    for (const name of ['../../../../etc/passwd', '/etc/passwd', '..', 'C:\\evil.exe', 'a/../../b', '']) {
      const path = attachmentPath(DIR, name);
      expect(dirname(path)).toBe(DIR);
      expect(path.startsWith(DIR + '/') || path.startsWith(DIR + '\\')).toBe(true);
    }
    expect(attachmentPath(DIR, 'notes.txt')).toBe(join(DIR, 'notes.txt'));
  });

  it('never overwrites: a taken name gets " (2)", " (3)", even at the length limit', () => {
    const taken = new Set([join(DIR, 'photo.jpg'), join(DIR, 'photo (2).jpg')]);
    expect(uniqueAttachmentPath(DIR, 'photo.jpg', (p) => taken.has(p))).toBe(join(DIR, 'photo (3).jpg'));
    const long = `${'x'.repeat(400)}.txt`;
    const first = attachmentPath(DIR, long);
    const second = uniqueAttachmentPath(DIR, long, (p) => p === first);
    expect(second).not.toBe(first);
    expect(second.endsWith(' (2).txt')).toBe(true);
    expect(dirname(second)).toBe(DIR);
  });
});
