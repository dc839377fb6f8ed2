/**
 * zod schemas for the two answers that bring snodes into the client: the seed node's
 * `get_n_service_nodes` (network.md §1.2; session-desktop
 * `ts/session/apis/seed_node_api/types.ts`) and the storage server's `get_swarm` / 421 body
 * (network.md §2.3–2.4; session-storage-server `oxenss/rpc/request_handler.cpp`).
 * Everything from the network is validated here before it reaches pool or path logic.
 */
import { z } from 'zod';
import { ed25519HexSchema, ipv4Schema, portSchema, x25519HexSchema, type Snode } from './keys';
import { err, ok, type Result } from './result';

/** Entries the seed marks as not reachable; desktop drops them (network.md §1.2, §2.3). */
const UNUSABLE_IPS = new Set(['', '0.0.0.0']);

const seedNodeStateSchema = z.object({
  public_ip: z.string(),
  storage_port: z.number().int().min(0).max(65535),
  pubkey_ed25519: ed25519HexSchema,
  pubkey_x25519: x25519HexSchema,
  requested_unlock_height: z.number().int().nonnegative(),
});

/** The full seed answer; other top-level keys (status, …) are ignored as desktop does. */
export const seedAnswerSchema = z.object({
  result: z.object({
    height: z.number().int().nonnegative(),
    service_node_states: z.array(seedNodeStateSchema),
  }),
});

export type SeedAnswer = z.infer<typeof seedAnswerSchema>;

export interface NetworkInputError {
  readonly kind: 'invalid-json' | 'invalid-shape' | 'empty';
  readonly message: string;
}

function parseJsonText(text: string): Result<unknown, NetworkInputError> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    return err({ kind: 'invalid-json', message: e instanceof Error ? e.message : 'invalid JSON' });
  }
}

function toSnode(
  ip: string,
  port: number,
  ed: Snode['pubkeyEd25519'],
  x: Snode['pubkeyX25519'],
): Snode | string {
  if (!ipv4Schema.safeParse(ip).success) return `bad ip ${JSON.stringify(ip)}`;
  if (!portSchema.safeParse(port).success) return `bad port ${port}`;
  return { ip, port, pubkeyEd25519: ed, pubkeyX25519: x };
}

export interface SeedPool {
  readonly height: number;
  readonly snodes: readonly Snode[];
  /** requested_unlock_height per ed25519 key, for the cached-asset fallback rule of §1.3. */
  readonly unlockHeights: ReadonlyMap<string, number>;
}

/** Validates a seed answer (object or JSON text) into snodes, dropping 0.0.0.0 / empty IPs. */
export function parseSeedAnswer(input: unknown): Result<SeedPool, NetworkInputError> {
  let value = input;
  if (typeof input === 'string') {
    const j = parseJsonText(input);
    if (!j.ok) return j;
    value = j.value;
  }
  const parsed = seedAnswerSchema.safeParse(value);
  if (!parsed.success) return err({ kind: 'invalid-shape', message: parsed.error.message });
  const snodes: Snode[] = [];
  const unlockHeights = new Map<string, number>();
  for (const s of parsed.data.result.service_node_states) {
    if (UNUSABLE_IPS.has(s.public_ip)) continue;
    const node = toSnode(s.public_ip, s.storage_port, s.pubkey_ed25519, s.pubkey_x25519);
    if (typeof node === 'string') return err({ kind: 'invalid-shape', message: node });
    snodes.push(node);
    unlockHeights.set(node.pubkeyEd25519, s.requested_unlock_height);
  }
  if (snodes.length === 0) return err({ kind: 'empty', message: 'seed returned no usable service node' });
  return ok({ height: parsed.data.result.height, snodes, unlockHeights });
}

/**
 * One `get_swarm` entry. `port` is the deprecated HTTPS port as a *string*, `port_https` the
 * same as a number (network.md §2.3, §10); we accept either and prefer `port_https`.
 */
const swarmSnodeSchema = z.object({
  ip: z.string(),
  port: z
    .string()
    .regex(/^\d{1,5}$/)
    .optional(),
  port_https: z.number().int().optional(),
  pubkey_ed25519: ed25519HexSchema,
  pubkey_x25519: x25519HexSchema,
});

/** Swarm ids are lower-case hex strings without 0x (network.md §10), up to 64 bits. */
const swarmIdSchema = z.string().regex(/^[0-9a-fA-F]{1,16}$/);

export const getSwarmAnswerSchema = z.object({
  snodes: z.array(swarmSnodeSchema),
  swarm: swarmIdSchema.optional(),
  t: z.number().optional(),
  hf: z.array(z.number()).optional(),
});

export interface SwarmAnswer {
  readonly snodes: readonly Snode[];
  /** The swarm id, when the server sent one (0xffff_ffff_ffff_ffff means "no swarm"). */
  readonly swarmId: bigint | undefined;
  /** Server time in ms, for network-time offsets (§6). */
  readonly t: number | undefined;
}

/** Validates a get_swarm result or a 421 body (same shape) into snodes. */
export function parseSwarmAnswer(input: unknown): Result<SwarmAnswer, NetworkInputError> {
  let value = input;
  if (typeof input === 'string') {
    const j = parseJsonText(input);
    if (!j.ok) return j;
    value = j.value;
  }
  const parsed = getSwarmAnswerSchema.safeParse(value);
  if (!parsed.success) return err({ kind: 'invalid-shape', message: parsed.error.message });
  const snodes: Snode[] = [];
  for (const s of parsed.data.snodes) {
    if (UNUSABLE_IPS.has(s.ip)) continue;
    const port = s.port_https ?? (s.port === undefined ? NaN : Number(s.port));
    const node = toSnode(s.ip, port, s.pubkey_ed25519, s.pubkey_x25519);
    if (typeof node === 'string') return err({ kind: 'invalid-shape', message: node });
    snodes.push(node);
  }
  const { swarm, t } = parsed.data;
  return ok({ snodes, swarmId: swarm === undefined ? undefined : BigInt(`0x${swarm}`), t });
}

/**
 * Fallback when every seed fails (network.md §1.3; session-desktop `SeedNodeAPI.ts`): the
 * build-time asset `{service_node_states, height}` (no `result` wrapper). Nodes that asked to
 * unlock at a height ≤ the estimated current height (asset height + one block per 120 s since
 * the file's mtime) have probably left and are dropped; 0 means "not unlocking".
 */
export function parseCachedSeedAsset(
  input: unknown,
  fileMtimeMs: number,
  nowMs: number,
): Result<SeedPool, NetworkInputError> {
  let value = input;
  if (typeof input === 'string') {
    const j = parseJsonText(input);
    if (!j.ok) return j;
    value = j.value;
  }
  const parsed = parseSeedAnswer({ result: value });
  if (!parsed.ok) return parsed;
  const blocks = Math.floor(Math.floor((nowMs - fileMtimeMs) / 1000) / 120);
  const estimate = parsed.value.height + blocks;
  const snodes = parsed.value.snodes.filter((n) => {
    const unlock = parsed.value.unlockHeights.get(n.pubkeyEd25519) ?? 0;
    return unlock === 0 || unlock > estimate;
  });
  if (snodes.length === 0)
    return err({ kind: 'empty', message: 'cached seed asset has no usable service node' });
  return ok({ ...parsed.value, snodes });
}
