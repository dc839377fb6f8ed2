// Another process on the same profile (the CLI next to the app), kept open for a whole test file
// (write-waits-messages.test.ts): on each request it takes the write lock, says so through the
// shared flag (its request number in slot 0), holds it for `holdMs`, writes that number, commits
// and answers. One worker for many writes: each one loads TypeScript only once.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { openConnection } = await import(new URL('../../../src/main/db/connection.ts', import.meta.url).href);
const { path, key, holdMs, flag } = workerData;
const db = openConnection(path, Uint8Array.from(key));
const state = new Int32Array(flag);
const write = db.prepare("INSERT OR REPLACE INTO settings_kv (key, value) VALUES ('other-process', ?)");
parentPort.on('message', (request) => {
  if (request === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  db.exec('BEGIN IMMEDIATE');
  Atomics.store(state, 0, request);
  Atomics.notify(state, 0);
  Atomics.wait(state, 1, 0, holdMs);
  write.run(String(request));
  db.exec('COMMIT');
  parentPort.postMessage(request);
});
parentPort.postMessage('ready');
