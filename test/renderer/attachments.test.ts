import { describe, expect, it } from 'vitest';
import { bytesToBase64, base64ToBytes } from '../../src/renderer/attachments/base64';
import {
  contentTypeOf,
  formatBytes,
  formatDuration,
  isExecutableName,
  kindOf,
} from '../../src/renderer/attachments/kinds';
import { floatToInt16, mixToMono, peaksOf } from '../../src/renderer/voice/pcm';
import { voiceFileName } from '../../src/renderer/voice/useSendVoice';

const EN = ['B', 'kB', 'MB', 'GB'];
const FR = ['o', 'Ko', 'Mo', 'Go'];

describe('attachment kinds', () => {
  it('shows JPEG, PNG, GIF and WebP inline, MP4 and WebM as video, voice by its flag', () => {
    for (const type of ['image/jpeg', 'image/png', 'image/gif', 'image/webp'])
      expect(kindOf({ contentType: type, voice: false })).toBe('image');
    expect(kindOf({ contentType: 'image/svg+xml', voice: false })).toBe('file');
    expect(kindOf({ contentType: 'image/tiff', voice: false })).toBe('file');
    expect(kindOf({ contentType: 'video/mp4', voice: false })).toBe('video');
    expect(kindOf({ contentType: 'video/webm', voice: false })).toBe('video');
    expect(kindOf({ contentType: 'video/quicktime', voice: false })).toBe('file');
    expect(kindOf({ contentType: 'audio/mpeg', voice: true })).toBe('voice');
    expect(kindOf({ contentType: 'audio/mpeg', voice: false })).toBe('audio');
    expect(kindOf({ contentType: 'application/pdf', voice: false })).toBe('file');
  });

  it('warns about programs and scripts, whatever comes before the last dot', () => {
    for (const name of [
      'setup.exe',
      'invoice.pdf.exe',
      'run.BAT',
      'x.sh',
      'a.js',
      'b.jar',
      'c.ps1',
      'd.apk',
      'e.dmg',
    ])
      expect(isExecutableName(name), name).toBe(true);
    for (const name of ['report.pdf', 'photo.jpg', 'exe', 'notes.txt', 'archive.exe.zip'])
      expect(isExecutableName(name), name).toBe(false);
    expect(isExecutableName(null)).toBe(false);
  });

  it('types an untyped file as application/octet-stream', () => {
    expect(contentTypeOf({ type: '', name: 'x' })).toBe('application/octet-stream');
    expect(contentTypeOf({ type: 'text/plain', name: 'x.txt' })).toBe('text/plain');
    expect(contentTypeOf({ type: 'bad type', name: 'x' })).toBe('application/octet-stream');
  });
});

describe('sizes and durations', () => {
  it('says sizes in decimal units with a no-break space, in each language', () => {
    expect(formatBytes(0, 'en', EN)).toBe('0\u00a0B');
    expect(formatBytes(999, 'en', EN)).toBe('999\u00a0B');
    expect(formatBytes(1500, 'en', EN)).toBe('1.5\u00a0kB');
    expect(formatBytes(10_000_000, 'en', EN)).toBe('10\u00a0MB');
    expect(formatBytes(10_000_000, 'fr', FR)).toBe('10\u00a0Mo');
    expect(formatBytes(2_345_678, 'fr', FR)).toBe('2,3\u00a0Mo');
    expect(formatBytes(123_456_789, 'en', EN)).toBe('123\u00a0MB');
  });

  it('writes m:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7.9)).toBe('0:07');
    expect(formatDuration(300)).toBe('5:00');
    expect(formatDuration(-3)).toBe('0:00');
  });

  it('names a voice message by its date and time', () => {
    expect(voiceFileName(new Date(2026, 11, 6, 9, 5, 3))).toBe('voice-message-2026-12-06-090503.mp3');
  });
});

describe('bytes for the bridge', () => {
  it('round-trips bytes through base64, large files included', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7919) % 256);
    const b64 = bytesToBase64(bytes);
    expect(b64).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(b64)).toEqual(bytes);
  });
});

describe('voice samples', () => {
  it('clips floats into 16-bit integers', () => {
    expect([...floatToInt16(new Float32Array([0, 1, -1, 2, -2, 0.5]))]).toEqual([
      0, 32767, -32768, 32767, -32768, 16384,
    ]);
  });

  it('mixes channels to mono', () => {
    const mono = mixToMono([new Float32Array([1, 0, -1]), new Float32Array([0, 0, 1])]);
    expect([...mono]).toEqual([0.5, 0, 0]);
    expect(mixToMono([])).toHaveLength(0);
  });

  it('draws peaks scaled to the loudest, and a flat line for silence', () => {
    const samples = new Float32Array(100);
    samples[10] = 0.25;
    samples[60] = -0.5;
    const peaks = peaksOf(samples, 4);
    expect(peaks).toEqual([0.5, 0, 1, 0]);
    expect(peaksOf(new Float32Array(10), 3)).toEqual([0, 0, 0]);
    expect(peaksOf(new Float32Array(3), 8)).toHaveLength(8);
  });
});
