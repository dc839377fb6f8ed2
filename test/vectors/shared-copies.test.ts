/**
 * The vectors in this folder are copies of the workspace's reference (`../shared/protocol/` beside
 * the checkout). Where that folder exists, every copy must equal its original byte for byte and
 * every original must have a copy, so a corrected or added vector is never missed. A clone
 * anywhere else has no such folder: there the copies are what the tests use, and this check has
 * nothing to compare against.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { vectorFileUrl } from './files';

const SHARED = new URL('../../../shared/protocol/', import.meta.url);
const sharedExists = existsSync(new URL('vectors/', SHARED));

/** Each original (relative to ../shared/protocol/) and the name of its copy here. */
function originals(): { original: URL; copy: string }[] {
  const vectors = readdirSync(new URL('vectors/', SHARED))
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ original: new URL(`vectors/${name}`, SHARED), copy: name }));
  return [
    ...vectors,
    { original: new URL('data/mnemonic-english.txt', SHARED), copy: 'mnemonic-english.txt' },
  ];
}

describe.skipIf(!sharedExists)('test/vectors equals ../shared/protocol', () => {
  it('has a byte-identical copy of every shared vector file and the word list', () => {
    const files = originals();
    expect(files.length).toBeGreaterThan(1);
    for (const { original, copy } of files) {
      expect(existsSync(vectorFileUrl(copy)), `missing copy test/vectors/${copy}`).toBe(true);
      expect(
        readFileSync(vectorFileUrl(copy)).equals(readFileSync(original)),
        `test/vectors/${copy} differs`,
      ).toBe(true);
    }
  });
});

describe('test/vectors', () => {
  it('says where every vector comes from', () => {
    // Each JSON file names its upstream source, at the top or per vector: a copy that lost it fails.
    for (const name of readdirSync(vectorFileUrl('.')).filter((n) => n.endsWith('.json'))) {
      const text = readFileSync(vectorFileUrl(name), 'utf8');
      expect(text, `${name} names no source`).toMatch(/"source"|Sources?:/);
    }
  });
});
