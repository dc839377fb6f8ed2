/**
 * A small file's parsed content, kept while the file stays the same. The core asks for the
 * account's public facts (its name for every message sent, its status for every notification):
 * reading and validating `account.json` and the key header each time cost more CPU than the
 * message's crypto. A `stat` is cheap and still sees any change, whoever made it: the files are
 * replaced atomically (a new inode), and size and times change with any edit in place.
 */
import { statSync } from 'node:fs';

/** `read` memoised per path; a value it returns must not be mutated by its callers. */
export function memoByStat<T>(read: (path: string) => T): (path: string) => T {
  const memo = new Map<string, { readonly stamp: string; readonly value: T }>();
  return (path) => {
    let stamp: string;
    try {
      const s = statSync(path, { bigint: true });
      stamp = `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
    } catch {
      // Missing (or unreadable): `read` says what that means, every time.
      memo.delete(path);
      return read(path);
    }
    const hit = memo.get(path);
    if (hit?.stamp === stamp) return hit.value;
    // A read that throws (a damaged file) is not kept: the next call reports it again.
    const value = read(path);
    memo.set(path, { stamp, value });
    return value;
  };
}
