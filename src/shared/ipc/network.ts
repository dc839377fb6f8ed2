// zod's mini build: on the page's first screen (see ../settings.ts).
import * as z from 'zod/mini';

/** What the app shows of the onion network: always visible, always truthful. */
export const NETWORK_STATES = ['starting', 'building', 'connected', 'degraded', 'offline'] as const;

export const hopSchema = z.object({ ip: z.string(), port: z.number(), ed25519: z.string() });

export const networkStatusSchema = z.object({
  /** starting: nothing tried yet; building: fetching the pool / testing guards / building paths;
   * connected: 2 paths ready; degraded: fewer paths than wanted or recent failures; offline: no path. */
  state: z.enum(NETWORK_STATES),
  /** `devnet`, `mainnet` or the seed URL. */
  network: z.string(),
  poolSize: z.number(),
  paths: z.array(z.object({ hops: z.array(hopSchema) })),
  /** Progress of the first path build, for a progress bar. */
  progress: z.nullable(z.object({ done: z.number(), total: z.number() })),
  /** Network time minus local time, from the nodes' `t` (ms). */
  clockOffsetMs: z.number(),
  /** True when nodes keep refusing our timestamps: the user's clock is wrong. */
  clockProblem: z.boolean(),
  /** Why the network is offline or degraded, as a translatable reason (`network.reasons.<reason>`). */
  reason: z.nullable(z.string()),
});
export type NetworkStatus = z.infer<typeof networkStatusSchema>;
