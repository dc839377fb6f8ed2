/** AttachmentPointer to and from our rows (identity-and-messages.md §5.5), and the progress throttle. */
import { describe, expect, it } from 'vitest';
import { pointerIdOf, pointerOf, remoteOf, sharedUrl } from '../../../src/main/attachments/pointer';
import { ProgressReporter } from '../../../src/main/attachments/progress';
import { MAINNET_FILE_SERVER } from '../../../src/main/files/file-server';
import type { AttachmentRecord, VeilDatabase } from '../../../src/main/db';
import { EventHub } from '../../../src/main/core/events';

const record = (over: Partial<AttachmentRecord> = {}): AttachmentRecord => ({
  id: 'a'.repeat(32) as AttachmentRecord['id'],
  messageId: '00000000-0000-4000-8000-000000000001' as AttachmentRecord['messageId'],
  conversationId: `05${'b'.repeat(64)}` as AttachmentRecord['conversationId'],
  position: 0,
  origin: 'local',
  url: 'http://filev2.getsession.org/file/12345',
  key: new Uint8Array(64).fill(1),
  digest: new Uint8Array(32).fill(2),
  size: 1234,
  contentType: 'audio/mpeg',
  fileName: 'voice.mp3',
  flags: 1,
  width: null,
  height: null,
  caption: null,
  state: 'ready',
  error: null,
  blob: null,
  thumbnail: null,
  expiresAt: null,
  createdAt: 1,
  ...over,
});

describe('AttachmentPointer', () => {
  it('fills every field Session desktop fills, id from the URL, no caption', () => {
    expect(pointerOf(record())).toEqual({
      id: 12345n,
      contentType: 'audio/mpeg',
      key: new Uint8Array(64).fill(1),
      size: 1234,
      digest: new Uint8Array(32).fill(2),
      fileName: 'voice.mp3',
      flags: 1,
      url: 'http://filev2.getsession.org/file/12345',
    });
    expect(pointerOf(record({ width: 640, height: 480, flags: 0 }))).toMatchObject({
      width: 640,
      height: 480,
    });
    expect(pointerOf(record({ flags: 0 }))?.flags).toBeUndefined();
    expect(pointerOf(record({ url: null }))).toBeUndefined();
  });

  it('numbers the id as desktop does: the last path segment, 0 when it is not a number', () => {
    expect(pointerIdOf('http://x/file/18446744073709551615')).toBe(18446744073709551615n);
    expect(pointerIdOf('http://x/file/18446744073709551616')).toBe(0n);
    expect(pointerIdOf(`http://x/file/${'A'.repeat(44)}#p=ab`)).toBe(0n);
    expect(pointerIdOf('not a url')).toBe(0n);
  });

  it('adds the server key only for a server other than the default one', () => {
    expect(sharedUrl(MAINNET_FILE_SERVER, 'http://filev2.getsession.org/file/x')).toBe(
      'http://filev2.getsession.org/file/x',
    );
    const other = { ...MAINNET_FILE_SERVER, url: 'http://127.0.0.1:9', ed25519: 'c'.repeat(64) };
    expect(sharedUrl(other, 'http://127.0.0.1:9/file/x')).toBe(
      `http://127.0.0.1:9/file/x#p=${'c'.repeat(64)}`,
    );
  });

  it('keeps received pointers it can open, bounded', () => {
    const noDigest = { id: 0n, url: 'http://s/file/a', key: new Uint8Array(64) };
    const base = { ...noDigest, digest: new Uint8Array(32) };
    expect(remoteOf({ ...base, contentType: 'IMAGE/PNG', width: 70_000, height: 10, size: 5 })).toMatchObject(
      {
        contentType: 'image/png',
        width: null,
        height: 10,
        size: 5,
      },
    );
    expect(remoteOf({ ...base, contentType: '../../etc' })?.contentType).toBe('application/octet-stream');
    expect(remoteOf(noDigest)).toBeUndefined(); // legacy needs its digest
    expect(remoteOf({ ...noDigest, key: new Uint8Array(32) })).toMatchObject({ digest: null });
    expect(remoteOf({ ...base, key: new Uint8Array(16) })).toBeUndefined();
    expect(remoteOf({ id: 0n, key: base.key, digest: base.digest })).toBeUndefined();
  });
});

describe('ProgressReporter', () => {
  it('announces progress at most every 100 ms per attachment', () => {
    let now = 0;
    const rec = record({ state: 'uploading' });
    const db = { attachments: { get: () => rec } } as unknown as VeilDatabase;
    const events = new EventHub();
    const seen: number[] = [];
    events.subscribe((name, payload) => {
      if (name === 'attachments.changed')
        seen.push((payload as { attachment: { progress: number } }).attachment.progress);
    });
    const p = new ProgressReporter(db, events, () => now);
    for (let i = 1; i <= 30; i++) {
      now += 10;
      p.progress(rec.id, i / 30);
    }
    expect(seen.length).toBe(3); // at 10, 110 and 210 ms
    expect(seen[0]).toBeCloseTo(1 / 30);
  });
});
