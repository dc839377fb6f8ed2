// A core worker stand-in for handed-keychain.test.ts: takes main's handover over the real
// channel, then unwraps and wraps as the key store would, and reports what it got.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { handedKeychain, receiveHandover } = await import(
  new URL('../../../src/main/core-worker/handed-keychain.ts', import.meta.url).href
);
const channel = { buffer: workerData.buffer, port: workerData.port };
const handover = await receiveHandover(channel.port);
const keychain = handedKeychain(handover, channel);
const failure = (fn) => {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return error.message;
  }
};
const handed = keychain.decryptString(Buffer.from(handover.keys[0].wrappedKey, 'base64'));
const wrapped = keychain.encryptString(workerData.nextKey);
parentPort.postMessage({
  available: keychain.isEncryptionAvailable(),
  handed,
  wrapped: wrapped.toString('base64'),
  ownWrap: keychain.decryptString(wrapped),
  unknown: failure(() => keychain.decryptString(Buffer.from('wrapped by someone else'))),
  notAKey: failure(() => keychain.encryptString('c2hvcnQ=')),
});
