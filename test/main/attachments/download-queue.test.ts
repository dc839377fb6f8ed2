/**
 * The download queue when the core closes (issue #15): a download still waiting for its file
 * server or its bytes when the database closes must end without writing anything (once, "database
 * connection is not open" was printed from a download finishing after close), and the queue's
 * stop resolves only when no download is left running. A cancelled download waits for a new try.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AttachmentBlobStore } from '../../../src/main/attachments/blob-store';
import { DownloadQueue } from '../../../src/main/attachments/download-queue';
import { ProgressReporter } from '../../../src/main/attachments/progress';
import type { AttachmentId, AttachmentRecord, VeilDatabase } from '../../../src/main/db';
import { DomainBus } from '../../../src/main/domain/bus';
import { MAINNET_FILE_SERVER, type FileServer } from '../../../src/main/files/file-server';
import { NetworkClient } from '../../../src/main/network';
import { freshDb, incoming, removeTempDirs } from '../db/helpers';

afterEach(removeTempDirs);

function remoteFile(db: VeilDatabase): AttachmentId {
  const m = incoming({ body: '' });
  db.messages.insertIncoming(m);
  const [id] = db.attachments.insertRemote(
    m.id,
    [
      {
        url: `${MAINNET_FILE_SERVER.url}/file/${'A'.repeat(44)}`,
        key: new Uint8Array(randomBytes(64)),
        digest: new Uint8Array(randomBytes(32)),
        size: 1000,
        contentType: 'application/pdf',
        fileName: 'doc.pdf',
        flags: 0,
        width: null,
        height: null,
        caption: null,
      },
    ],
    Date.now(),
  );
  if (!id) throw new Error('no attachment row');
  return id;
}

/** A queue whose file-server lookup answers only when the test says so. */
function queueFor(db: VeilDatabase, dir: string) {
  let answer: (s: FileServer | undefined) => void = () => undefined;
  const lookup = new Promise<FileServer | undefined>((resolve) => {
    answer = resolve;
  });
  const settled: AttachmentRecord[] = [];
  const logged: string[] = [];
  // Never started: nothing may reach it once the queue has stopped.
  const network = new NetworkClient({
    network: 'devnet',
    seedUrls: ['http://127.0.0.1:9/'],
    localDevnet: true,
  });
  const queue = new DownloadQueue({
    db,
    blobs: new AttachmentBlobStore(dir),
    network,
    fileServer: () => lookup,
    progress: new ProgressReporter(db, new DomainBus()),
    log: (line) => logged.push(line),
    settled: (a) => settled.push(a),
  });
  return { queue, answer: (s: FileServer | undefined) => answer(s), settled, logged };
}

describe('download queue', () => {
  it('stops before the database closes: a download still in flight then writes nothing', async () => {
    const { db, dir } = freshDb();
    const id = remoteFile(db);
    const q = queueFor(db, dir);
    const running = q.queue.start(id);
    let stopped = false;
    const stopping = q.queue.stop().then(() => {
      stopped = true;
    });
    await stopping;
    expect(stopped).toBe(true);
    expect(db.attachments.get(id)?.state).toBe('pending');
    db.close();
    // The lookup answers after the close: the old queue then marked the file "downloading" on
    // the closed database (an unhandled rejection).
    q.answer(MAINNET_FILE_SERVER);
    await expect(running).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 20));
    expect(q.settled).toEqual([]);
    expect(q.logged).toEqual([]);
    // Stopped for good: nothing starts again.
    q.queue.kick();
  });

  it('a cancelled download goes back to waiting, announced', async () => {
    const { db, dir } = freshDb();
    const id = remoteFile(db);
    const q = queueFor(db, dir);
    const running = q.queue.start(id);
    expect(q.queue.cancel(id)).toBe(true);
    await running;
    expect(db.attachments.get(id)?.state).toBe('pending');
    expect(q.settled.map((a) => [a.id, a.state])).toEqual([[id, 'pending']]);
    await q.queue.stop();
    db.close();
  });
});
