/** The avatar cache keeps no readable picture on disk (DEVELOPERS.md: secrets encrypted at rest). */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sodiumReady } from '../../../src/crypto/sodium';
import { AvatarCache, avatarCacheKeys } from '../../../src/main/files/avatar-cache';
import { imageMimeOf } from '../../../src/main/files/image-type';
import { contains, testPng } from './images';

const dirs: string[] = [];
const tempProfile = () => {
  const d = mkdtempSync(join(tmpdir(), 'veil-avatar-cache-'));
  dirs.push(d);
  return d;
};

beforeAll(async () => {
  await sodiumReady();
});
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('avatar cache', () => {
  it('stores images encrypted, under names that are not derived from remote input', () => {
    const profile = tempProfile();
    const cache = new AvatarCache(profile, avatarCacheKeys(new Uint8Array(32).fill(7)));
    const image = testPng(64);
    const name = cache.put(image);
    expect(name).toMatch(/^[0-9a-f]{40}$/);
    expect(cache.put(image)).toBe(name); // one copy per image
    expect(Buffer.from(cache.get(name) ?? []).equals(Buffer.from(image))).toBe(true);
    const files = readdirSync(join(profile, 'avatars'));
    expect(files).toEqual([`${name}.bin`]);
    const raw = new Uint8Array(readFileSync(join(profile, 'avatars', files[0] ?? '')));
    expect(imageMimeOf(raw)).toBeUndefined();
    // No 16-byte window of the picture is on disk.
    for (let i = 0; i + 16 <= image.length; i += 16)
      expect(contains(raw, image.subarray(i, i + 16))).toBe(false);
  });

  it('opens nothing with another profile key, after tampering, or under another name', () => {
    const profile = tempProfile();
    const cache = new AvatarCache(profile, avatarCacheKeys(new Uint8Array(32).fill(1)));
    const name = cache.put(testPng(16));
    expect(new AvatarCache(profile, avatarCacheKeys(new Uint8Array(32).fill(2))).get(name)).toBeUndefined();
    const path = join(profile, 'avatars', `${name}.bin`);
    const raw = readFileSync(path);
    const other = cache.put(testPng(16, 3));
    writeFileSync(join(profile, 'avatars', `${other}.bin`), raw); // copied under another name
    expect(cache.get(other)).toBeUndefined();
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    writeFileSync(path, raw);
    expect(cache.get(name)).toBeUndefined();
    expect(cache.get('../../etc/passwd')).toBeUndefined();
    expect(cache.get('missing')).toBeUndefined();
  });
});

describe('image type', () => {
  it('recognises PNG, JPEG and WebP by their first bytes only', () => {
    expect(imageMimeOf(testPng(8))).toBe('image/png');
    expect(imageMimeOf(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(
      imageMimeOf(new Uint8Array([...Buffer.from('RIFF'), 1, 2, 3, 4, ...Buffer.from('WEBPVP8 ')])),
    ).toBe('image/webp');
    for (const bad of ['<svg onload=alert(1)>', 'GIF89a', 'RIFF....WAVE', '', '\x89PN'])
      expect(imageMimeOf(new Uint8Array(Buffer.from(bad, 'latin1')))).toBeUndefined();
  });
});
