import { describe, expect, it } from 'vitest';
import {
  isValidStoreTtl,
  pageRetrieve,
  resolveRetrieveLimits,
  retrieveEntrySize,
} from '../../src/swarm/storage-limits';
import {
  isNoAuthRetrieveNamespace,
  isPublicInboxNamespace,
  isPublicOutboxNamespace,
} from '../../src/swarm/namespaces';

const msg = (i: number, size: number) => ({ hash: 'h'.repeat(43), data: new Uint8Array(size), i });

describe('retrieve limits (server rules)', () => {
  it('resolves max_count / max_size like the storage server', () => {
    expect(resolveRetrieveLimits()).toEqual({ maxCount: undefined, maxSize: 1_560_000 });
    expect(resolveRetrieveLimits(0, 0)).toEqual({ maxCount: undefined, maxSize: 1_560_000 });
    expect(resolveRetrieveLimits(undefined, -1)).toEqual({ maxCount: undefined, maxSize: 7_800_000 });
    expect(resolveRetrieveLimits(undefined, -8)).toEqual({ maxCount: undefined, maxSize: 975_000 });
    expect(resolveRetrieveLimits(undefined, 99_000_000)).toEqual({ maxCount: undefined, maxSize: 7_800_000 });
    expect(resolveRetrieveLimits(5)).toEqual({ maxCount: 5, maxSize: undefined });
  });

  it('pages: at least one message, size budget, count, more flag', () => {
    const ms = [msg(1, 3000), msg(2, 3000), msg(3, 3000)];
    expect(retrieveEntrySize(43, 3000)).toBe(100 + 43 + 4000);
    expect(pageRetrieve(ms, { maxCount: undefined, maxSize: 10 })).toMatchObject({
      messages: [ms[0]],
      more: true,
    });
    expect(pageRetrieve(ms, { maxCount: undefined, maxSize: 8286 })).toMatchObject({
      messages: [ms[0], ms[1]],
      more: true,
    });
    expect(pageRetrieve(ms, { maxCount: 2, maxSize: undefined })).toMatchObject({
      messages: [ms[0], ms[1]],
      more: true,
    });
    expect(pageRetrieve(ms, { maxCount: 3, maxSize: undefined })).toMatchObject({ more: false });
    expect(pageRetrieve([], { maxCount: 1, maxSize: 1 })).toEqual({ messages: [], more: false });
  });

  it('TTL bounds and namespace classes', () => {
    expect(isValidStoreTtl(0, 9_999)).toBe(false);
    expect(isValidStoreTtl(0, 14 * 86_400_000)).toBe(true);
    expect(isValidStoreTtl(0, 14 * 86_400_000 + 1)).toBe(false);
    expect(isValidStoreTtl(2, 30 * 86_400_000)).toBe(true);
    expect(isPublicInboxNamespace(-10)).toBe(true);
    expect(isPublicOutboxNamespace(-21)).toBe(true);
    expect(isPublicOutboxNamespace(-11)).toBe(false);
    expect(isNoAuthRetrieveNamespace(-10)).toBe(true);
    expect(isNoAuthRetrieveNamespace(0)).toBe(false);
  });
});

describe('storage responses', () => {
  it('batch, store and retrieve answers are validated', async () => {
    const { parseBatchResults, parseRetrieveResult, parseStoreResult } =
      await import('../../src/swarm/storage-responses');
    const h = 'A'.repeat(43);
    const b = parseBatchResults(
      {
        results: [
          { code: 200, body: { hash: h, t: 5 } },
          { code: 401, body: 'retrieve signature verification failed' },
        ],
      },
      2,
    );
    expect(b.ok && b.value.map((r) => [r.code, r.t])).toEqual([
      [200, 5],
      [401, undefined],
    ]);
    expect(parseBatchResults({ results: [{ code: 200, body: {} }] }, 0).ok).toBe(false);
    expect(parseBatchResults({ result: [] }, 1).ok).toBe(false);
    expect(parseStoreResult({ hash: h, t: 9, swarm: {} })).toEqual({ ok: true, value: { hash: h, t: 9 } });
    expect(parseStoreResult({ hash: 'short' }).ok).toBe(false);
    const r = parseRetrieveResult({
      messages: [{ hash: h, timestamp: 1, expiration: 2, data: 'aGk=' }],
      more: true,
      t: 3,
      hf: [19, 3],
    });
    expect(r.ok && r.value.messages[0]).toEqual({
      hash: h,
      storedAtMs: 1,
      expiresAtMs: 2,
      data: new Uint8Array([104, 105]),
    });
    expect(r.ok && r.value.more).toBe(true);
    expect(parseRetrieveResult({ messages: [{ hash: h, timestamp: 1, data: '!!' }] }).ok).toBe(false);
  });
});
