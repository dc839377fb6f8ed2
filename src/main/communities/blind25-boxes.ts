/**
 * Our 25-blinded inbox and outbox on a community server (issue #19: replying to a `25…` sender).
 *
 * libsession seals a community DM only between two IDs of the same kind
 * (`blinded_shared_secret`: "Both ids must start with the same 0x15 or 0x25 prefix"), and a SOGS
 * server files a DM under the identity that signed the request. So someone using 25 blinding
 * writes to our 25 ID, which they can compute from our Session ID (25 blinding is unique per
 * Session ID and server), and the DM waits in the inbox of our 25 identity, read only by requests
 * signed with our 25 key; our replies sit in that identity's outbox. The room batch is signed as
 * 15 (what servers expect), hence a second, smaller batch here.
 *
 * Cost: asked every cycle while this server has a 25 conversation, otherwise every
 * `DISCOVERY_EVERY` cycles (a stranger's first DM waits at most that long). pysogs 2023 refuses
 * `25` keys: a refusal stops asking this server until the app restarts.
 */
import type { VeilDatabase } from '../db';
import { dmsSchema } from './api';
import { ingestDms, type IngestCounters } from './ingest';
import type { CommunityAddress } from './join-url';
import { sogsBatch, type SogsDeps } from './sogs-client';
import { CommunityError } from './errors';

export const DISCOVERY_EVERY = 6;

export interface Boxes25Result {
  readonly peers: readonly string[];
  readonly names: ReadonlyMap<string, string>;
}

export class Blind25Boxes {
  private cycles = 0;
  private refused = false;

  constructor(
    private readonly db: VeilDatabase,
    private readonly deps: SogsDeps,
    private readonly counters: IngestCounters,
    private readonly log: (line: string) => void,
  ) {}

  /** Whether this cycle asks the 25 boxes (counts the cycle). */
  due(baseUrl: string): boolean {
    if (this.refused) return false;
    const n = this.cycles++;
    const talking = this.db.communities.dms().some((d) => d.baseUrl === baseUrl && d.peer.startsWith('25'));
    return talking || n % DISCOVERY_EVERY === 0;
  }

  /** Reads both boxes once and stores what they hold; undefined when nothing was read. */
  async poll(address: CommunityAddress): Promise<Boxes25Result | undefined> {
    const since = this.db.communityDms.since25(address.baseUrl);
    let answers: { code: number; body: unknown }[];
    try {
      answers = await sogsBatch(
        this.deps,
        address,
        [
          { method: 'GET', path: `/inbox/since/${since.in}` },
          { method: 'GET', path: `/outbox/since/${since.out}` },
        ],
        { as25: true },
      );
    } catch (e) {
      if (e instanceof CommunityError && e.status !== undefined && [400, 401, 403].includes(e.status)) {
        this.refused = true;
        this.log(`community ${address.baseUrl} refuses 25-blinded requests: not asked again`);
        return undefined;
      }
      throw e;
    }
    const sk = this.deps.secretKey();
    const peers = new Set<string>();
    const names = new Map<string, string>();
    const max = { in: 0, out: 0 };
    for (const [i, outgoing] of [
      [0, false],
      [1, true],
    ] as const) {
      const answer = answers[i];
      if (answer?.code !== 200) continue;
      const list = dmsSchema.safeParse(answer.body);
      if (!list.success) {
        this.counters.dropped++;
        continue;
      }
      // Only 25 peers belong here: a 15 ID in our 25 boxes cannot be opened (mixed kinds).
      const mine = list.data.filter((d) =>
        (outgoing ? d.recipient : d.sender).toLowerCase().startsWith('25'),
      );
      this.counters.dropped += list.data.length - mine.length;
      const r = ingestDms(this.db, sk, address, mine, outgoing, this.counters);
      const top = Math.max(r.maxId, ...list.data.map((d) => d.id));
      if (outgoing) max.out = top;
      else max.in = top;
      for (const p of r.peers) peers.add(p);
      for (const [p, n] of r.names) names.set(p, n);
    }
    this.db.communityDms.setSince25(address.baseUrl, max.in, max.out);
    return { peers: [...peers], names };
  }
}
