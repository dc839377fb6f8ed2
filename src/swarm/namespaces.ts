/**
 * Storage namespaces (network.md §3.3; session-desktop `ts/session/apis/snode_api/namespaces.ts`,
 * session-storage-server `oxenss/common/namespace.h`).
 */
export const Namespace = {
  Default: 0,
  UserProfile: 2,
  UserContacts: 3,
  ConvoInfoVolatile: 4,
  UserGroups: 5,
  GroupMessages: 11,
  GroupKeys: 12,
  GroupInfo: 13,
  GroupMembers: 14,
  GroupRevokedRetrievableMessages: -11,
  LegacyClosedGroup: -10,
} as const;

export type NamespaceNumber = number;

export function isValidNamespace(ns: number): boolean {
  return Number.isInteger(ns) && ns >= -32768 && ns <= 32767;
}

/** Any namespace divisible by 10 is a public inbox: anyone may store, TTL ≤ 14 days. */
export function isPublicInboxNamespace(ns: number): boolean {
  return ns % 10 === 0;
}

/** Negative namespaces ≡ −(20n+1): one message kept, readable without auth. */
export function isPublicOutboxNamespace(ns: number): boolean {
  return ns < 0 && -ns % 20 === 1;
}

/** Retrieve without signature: −10 (legacy groups) and public outboxes. */
export function isNoAuthRetrieveNamespace(ns: number): boolean {
  return ns === Namespace.LegacyClosedGroup || isPublicOutboxNamespace(ns);
}

/** The namespace part of signed strings and hashes: '' for 0, else decimal; 'all' allowed. */
export function namespaceSigPart(ns: number | 'all' | undefined): string {
  if (ns === undefined || ns === 0) return '';
  return String(ns);
}

/** Desktop polling priority (`namespacePriority`): 1-to-1 inbox and group messages first. */
function namespacePriority(ns: number): number {
  return ns === Namespace.Default || ns === Namespace.GroupMessages ? 10 : 1;
}

/**
 * Desktop's negative `max_size` per namespace for one poll (`maxSizeMap`): priorities are
 * split in descending order; every priority above the lowest gets one extra share reserved for
 * the lower ones; the divisors multiply. Own account [0,2,3,5,4] → 0: −2, others: −8.
 */
export function retrieveMaxSizes(namespaces: readonly number[]): Map<number, number> {
  const groups: { priority: number; namespaces: number[] }[] = [];
  for (const ns of namespaces) {
    const p = namespacePriority(ns);
    let g = groups.find((x) => x.priority === p);
    if (!g) {
      g = { priority: p, namespaces: [] };
      groups.push(g);
    }
    g.namespaces.push(ns);
  }
  groups.sort((a, b) => b.priority - a.priority); // stable, like lodash orderBy
  const lowest = groups[groups.length - 1]?.priority ?? 1;
  const out = new Map<number, number>();
  let split = 1;
  for (const g of groups) {
    split *= (g.priority === lowest ? 0 : 1) + g.namespaces.length;
    for (const ns of g.namespaces) out.set(ns, -split);
  }
  return out;
}
