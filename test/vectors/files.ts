/**
 * Where the test vectors live: copies kept in this folder (see README.md here), so that a clone
 * anywhere passes `npm test`. `shared-copies.test.ts` checks they still equal the workspace's
 * `../shared/protocol/` originals whenever that folder exists beside the checkout.
 */
import { readFileSync } from 'node:fs';

export const VECTORS_DIR = new URL('./', import.meta.url);

/** The URL of one file of this folder, e.g. `identity.json` or `mnemonic-english.txt`. */
export function vectorFileUrl(name: string): URL {
  return new URL(name, VECTORS_DIR);
}

export function readVectorText(name: string): string {
  return readFileSync(vectorFileUrl(name), 'utf8');
}
