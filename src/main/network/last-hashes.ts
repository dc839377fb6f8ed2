/**
 * Where polling resumes: the `last_hash` per (snode, pubkey, namespace), as desktop keys it
 * (network.md §2.3). Behind an injectable store so the database owner can make it durable (the
 * profile session keeps it in SQLite: nothing is fetched, or shown, twice across restarts).
 */
export interface LastHashStore {
  load(key: string): string | undefined | Promise<string | undefined>;
  save(key: string, hash: string): void | Promise<void>;
}

export function memoryLastHashStore(): LastHashStore & { readonly map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, load: (k) => map.get(k), save: (k, h) => void map.set(k, h) };
}

/** `<snode ed25519>:<pubkey>:<namespace>` — desktop's key for last hashes. */
export function lastHashKey(snode: string, pubkey: string, namespace: number): string {
  return `${snode}:${pubkey.toLowerCase()}:${namespace}`;
}
