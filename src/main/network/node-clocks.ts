/**
 * What each service node's own clock says, from the `t` of its answers: requests to a node are
 * signed on its clock, so one node minutes off the others refuses at most one request (desktop
 * signs everything with one network-wide offset). A client-side choice; no wire change.
 */

/** Nodes remembered (the most recently heard), and how long a measure is trusted. */
export const NODE_CLOCKS_KEPT = 256;
export const NODE_CLOCK_FRESH_MS = 10 * 60_000;

interface Measure {
  /** Local time minus the node's time (network-time.ts convention). */
  readonly offset: number;
  /** Local time of the measure. */
  readonly at: number;
}

export class NodeClocks {
  // Insertion order is age order: the oldest entry is the first key.
  private readonly byNode = new Map<string, Measure>();

  record(node: string, offset: number, localNow: number): void {
    this.byNode.delete(node);
    this.byNode.set(node, { offset, at: localNow });
    for (const oldest of this.byNode.keys()) {
      if (this.byNode.size <= NODE_CLOCKS_KEPT) break;
      this.byNode.delete(oldest);
    }
  }

  /** The node's time now, when it answered us lately; else undefined. */
  nowOf(node: string, localNow: number): number | undefined {
    const m = this.byNode.get(node);
    return m && Math.abs(localNow - m.at) < NODE_CLOCK_FRESH_MS ? localNow - m.offset : undefined;
  }

  /** When the node's clock was last measured (undefined: never, or forgotten). */
  measuredAt(node: string): number | undefined {
    return this.byNode.get(node)?.at;
  }

  forget(node: string): void {
    this.byNode.delete(node);
  }

  clear(): void {
    this.byNode.clear();
  }
}
