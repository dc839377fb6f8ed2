/** Fault injection state of one node, set through the control API. */
import { z } from 'zod';

export interface Faults {
  /** Accept connections but never answer (requests hang until the caller times out). */
  blackhole: boolean;
  /** Delay before handling each request. */
  latencyMs: number;
  /** Added to the network clock for this node's `now()`. */
  clockSkewMs: number;
  /** Probability (0..1) of flipping bytes in a response body. */
  corrupt: number;
  /** Probability (0..1) of closing the connection instead of answering. */
  drop: number;
}

export const NO_FAULTS: Faults = { blackhole: false, latencyMs: 0, clockSkewMs: 0, corrupt: 0, drop: 0 };

export const FaultsPatch = z
  .object({
    blackhole: z.boolean(),
    latencyMs: z.number().int().min(0).max(600_000),
    clockSkewMs: z
      .number()
      .int()
      .min(-10 * 365 * 86_400_000)
      .max(10 * 365 * 86_400_000),
    corrupt: z.union([z.boolean().transform((b) => (b ? 1 : 0)), z.number().min(0).max(1)]),
    drop: z.union([z.boolean().transform((b) => (b ? 1 : 0)), z.number().min(0).max(1)]),
  })
  .partial()
  .strict();
export type FaultsPatch = z.infer<typeof FaultsPatch>;

export function applyPatch(f: Faults, p: FaultsPatch): Faults {
  return {
    blackhole: p.blackhole ?? f.blackhole,
    latencyMs: p.latencyMs ?? f.latencyMs,
    clockSkewMs: p.clockSkewMs ?? f.clockSkewMs,
    corrupt: p.corrupt ?? f.corrupt,
    drop: p.drop ?? f.drop,
  };
}

/** Flips a few bytes so ciphertexts fail authentication and JSON fails to parse. */
export function corruptBytes(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b);
  if (out.length === 0) return out;
  for (let i = 0; i < Math.min(4, out.length); i++) {
    const pos = Math.floor(Math.random() * out.length);
    out[pos] = (out[pos] ?? 0) ^ 0x5a;
  }
  return out;
}
