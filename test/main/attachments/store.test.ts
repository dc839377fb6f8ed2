/**
 * Attachments at rest (issue #16): the encrypted blob store, and the repository's trash that
 * removes a file whatever deleted its row (delete for me, an unsend, a declined request).
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AttachmentBlobStore } from '../../../src/main/attachments/blob-store';
import { newAttachmentId, type AttachmentId, type VeilDatabase } from '../../../src/main/db';
import { ALICE, freshDb, incoming, outgoing, removeTempDirs, tempDir } from '../db/helpers';
import { contains } from '../files/images';

afterEach(removeTempDirs);

const secret = Buffer.from('a very private document, never on disk in clear '.repeat(20));

function stage(db: VeilDatabase, blobs: AttachmentBlobStore, data: Uint8Array = secret): AttachmentId {
  const id = newAttachmentId();
  db.attachments.insertStaged(
    {
      id,
      size: data.length,
      contentType: 'text/plain',
      fileName: 'doc.txt',
      flags: 0,
      width: null,
      height: null,
      blob: blobs.put(data),
      thumbnail: null,
    },
    1,
  );
  return id;
}

function sweep(db: VeilDatabase, blobs: AttachmentBlobStore): void {
  for (const name of db.attachments.trash()) {
    blobs.remove(name);
    db.attachments.untrash(name);
  }
}

describe('AttachmentBlobStore', () => {
  it('keeps only ciphertext on disk, opens with its own key, refuses swapped or altered files', () => {
    const blobs = new AttachmentBlobStore(tempDir());
    const a = blobs.put(secret);
    const b = blobs.put(new Uint8Array([1, 2, 3]));
    const raw = readFileSync(join(blobs.dir, a.name));
    expect(contains(raw, secret.subarray(0, 24))).toBe(false);
    expect(Buffer.from(blobs.get(a) ?? []).equals(secret)).toBe(true);
    expect(blobs.get({ name: a.name, key: b.key })).toBeUndefined();
    // b's bytes under a's name: the name is bound into the tag.
    writeFileSync(join(blobs.dir, a.name), readFileSync(join(blobs.dir, b.name)));
    expect(blobs.get({ name: a.name, key: b.key })).toBeUndefined();
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    writeFileSync(join(blobs.dir, b.name), raw);
    expect(blobs.get(b)).toBeUndefined();
    expect(readdirSync(blobs.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('stores parts (a download as deciphered) as it stores their join, written without a join', () => {
    const blobs = new AttachmentBlobStore(tempDir());
    const data = new Uint8Array(randomBytes(600_000));
    const parts = [data.subarray(0, 5), data.subarray(5, 300_001), data.subarray(300_001)];
    const a = blobs.put(parts);
    expect(a.bytes).toBe(12 + data.length + 16);
    const raw = readFileSync(join(blobs.dir, a.name));
    expect(raw.length).toBe(a.bytes);
    expect(Buffer.from(blobs.get(a) ?? []).equals(data)).toBe(true);
    // The layout on disk is nonce ‖ AES-256-GCM(data) ‖ tag, one cipher over the whole file.
    const d = createDecipheriv('aes-256-gcm', a.key, raw.subarray(0, 12));
    d.setAAD(Buffer.from(`veil/attachment/${a.name}`, 'utf8'));
    d.setAuthTag(raw.subarray(raw.length - 16));
    expect(Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).equals(data)).toBe(true);
    expect(Buffer.from(blobs.get(blobs.put([])) ?? [1]).length).toBe(0);
  });

  it('frees the ciphertext it wrote, and leaves the data it was given alone', () => {
    const blobs = new AttachmentBlobStore(tempDir());
    const data = new Uint8Array(randomBytes(3_000_000));
    const before = process.memoryUsage().arrayBuffers;
    const a = blobs.put(data);
    // 3 MB of ciphertext made and written: without the release it would all still be counted.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1_000_000);
    expect(data.length).toBe(3_000_000);
    expect(Buffer.from(blobs.get(a) ?? []).equals(data)).toBe(true);
  });
});

describe('attachments repository', () => {
  it('sends a staged file with its message, trashes a file when unstaged or deleted with the message', () => {
    const { db, dir } = freshDb();
    const blobs = new AttachmentBlobStore(dir);
    const kept = stage(db, blobs);
    const dropped = stage(db, blobs);
    expect(db.attachments.removeStaged(dropped)).toBe(true);
    sweep(db, blobs);
    expect(readdirSync(blobs.dir)).toHaveLength(1);

    const m = incoming({ body: '' });
    db.messages.insertIncoming(m);
    expect(db.attachments.attachStaged(m.id, [kept])).toBe(true);
    expect(db.attachments.attachStaged(m.id, [kept])).toBe(false); // not staged any more
    expect(db.attachments.forMessage(m.id).map((a) => [a.id, a.state, a.conversationId])).toEqual([
      [kept, 'uploading', ALICE],
    ]);
    expect(db.attachments.usage()).toMatchObject({ files: 1, downloadedBytes: 0 });

    // Deleted for everyone: the row stays as a notice, its files go.
    const record = db.messages.getMessage(m.id);
    if (!record) throw new Error('missing');
    db.actions.markDeleted(record, 5);
    expect(db.attachments.forMessage(m.id)).toEqual([]);
    sweep(db, blobs);
    expect(readdirSync(blobs.dir)).toEqual([]);
  });

  it('removes received files with a declined request (the conversation cascades), and clears downloads', () => {
    const { db, dir } = freshDb();
    const blobs = new AttachmentBlobStore(dir);
    const m = incoming({ body: '' });
    db.messages.insertIncoming(m);
    const remote = {
      url: 'http://127.0.0.1:1/file/abc',
      key: new Uint8Array(64),
      digest: new Uint8Array(32),
      size: 3,
      contentType: 'image/png',
      fileName: 'a.png',
      flags: 0,
      width: 1,
      height: 1,
      caption: null,
    };
    const [id] = db.attachments.insertRemote(m.id, [remote, remote], 1);
    if (!id) throw new Error('missing');
    db.attachments.setDownloaded(id, blobs.put(new Uint8Array([1, 2, 3])));
    const usage = db.attachments.usage();
    expect(usage.files).toBe(1);
    expect(usage.downloadedBytes).toBe(usage.bytes);
    expect(db.attachments.clearDownloaded()).toBe(usage.bytes);
    expect(db.attachments.get(id)).toMatchObject({ state: 'pending', blob: null });
    sweep(db, blobs);
    expect(readdirSync(blobs.dir)).toEqual([]);

    db.attachments.setDownloaded(id, blobs.put(new Uint8Array([4, 5, 6])));
    expect(db.conversations.deleteConversation(ALICE)).toBe(true);
    expect(db.attachments.get(id)).toBeUndefined();
    sweep(db, blobs);
    expect(readdirSync(blobs.dir)).toEqual([]);
  });

  it('a new run fails the uploads of failed messages only, and makes interrupted downloads pending', () => {
    const { db, dir } = freshDb();
    const blobs = new AttachmentBlobStore(dir);
    const failed = outgoing({ body: '' });
    const sending = outgoing({ body: '', sentAt: 1_700_000_000_001 });
    const files = [stage(db, blobs), stage(db, blobs)] as const;
    for (const [m, file] of [
      [failed, files[0]],
      [sending, files[1]],
    ] as const) {
      db.outbox.insertOutgoing(m, 1);
      expect(db.attachments.attachStaged(m.id, [file])).toBe(true);
    }
    expect(db.outbox.markFailed(failed.id, 'reasons.send.timeout')).toBe(true);
    db.attachments.resetInterrupted();
    expect(db.attachments.forMessage(failed.id).map((a) => [a.state, a.error])).toEqual([
      ['failed', 'reasons.attachment.uploadFailed'],
    ]);
    expect(db.attachments.forMessage(sending.id).map((a) => a.state)).toEqual(['uploading']);
  });
});
