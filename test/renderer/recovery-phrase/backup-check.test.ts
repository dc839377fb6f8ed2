import { describe, expect, it } from 'vitest';
import { backupWordMatches } from '../../../src/renderer/recovery-phrase/backup-check';

describe('backup check', () => {
  it('asks for the whole word, not its first three letters', () => {
    expect(backupWordMatches('paddles', 'padles')).toBe(false);
    expect(backupWordMatches('paddles', 'pad')).toBe(false);
    expect(backupWordMatches('paddles', 'paddlesx')).toBe(false);
    expect(backupWordMatches('paddles', '')).toBe(false);
    expect(backupWordMatches('', '  ')).toBe(false);
  });

  it('forgives case, surrounding spaces and Unicode normalization only', () => {
    expect(backupWordMatches('paddles', '  Paddles ')).toBe(true);
    expect(backupWordMatches('\u00e9lan', 'E\u0301lan')).toBe(true); // é precomposed vs combining
  });
});
