// Another process on the same profile (the CLI next to the app) for write-waits.test.ts: takes
// the write lock, says so through the shared flag, holds it for `holdMs`, writes, and commits.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { openConnection } = await import(new URL('../../../src/main/db/connection.ts', import.meta.url).href);
const { path, key, holdMs, flag } = workerData;
const db = openConnection(path, Uint8Array.from(key));
const state = new Int32Array(flag);
db.exec('BEGIN IMMEDIATE');
Atomics.store(state, 0, 1);
Atomics.notify(state, 0);
Atomics.wait(state, 1, 0, holdMs);
db.prepare("INSERT OR REPLACE INTO settings_kv (key, value) VALUES ('other-process', '1')").run();
db.exec('COMMIT');
db.close();
parentPort.postMessage('committed');
