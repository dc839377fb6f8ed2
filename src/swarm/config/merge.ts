/**
 * Loading several config messages at once and resolving conflicts (sync-groups-communities.md
 * §1.4), as libsession's multi-message `ConfigMessage` constructor does (`src/config.cpp`
 * @ 8762e9d):
 *
 * 1. Unparseable inputs are skipped (and reported, so the caller keeps their hashes: they may be
 *    a future format).
 * 2. A message is redundant if another one lists its (seqno, hash) among its lagged diffs, or if
 *    an earlier input has the same (seqno, hash) (duplicate); and if its seqno + lag ≤ the highest
 *    seqno seen (too old).
 * 3. One non-redundant message left: it is used as is ("unmerged").
 * 4. Otherwise a new message: seqno = max + 1, data = a copy of the data of the highest
 *    (seqno, hash) message; a replay set maps (seqno, hash) → (diff, data of the message that
 *    carried it), filled from messages in descending (seqno, hash) order without overwriting,
 *    so the highest message's data is the source for a diff several messages carry. Replayed in
 *    ascending order (later changes win), then empty containers pruned. Every replayed diff
 *    becomes a lagged diff of the result (those outside the window are not serialized). The
 *    result has an empty `=` and no unknown top-level keys (upstream does not carry them into a
 *    merge), and its hash is computed over that serialization.
 *
 * Deviation: upstream reports the index of the surviving message among the *parsed* inputs, which
 * differs from the input index when an earlier input failed to parse; we report the input index.
 */
import { cloneDict, pruneDict } from './data';
import { applyDiff } from './diff';
import type { DiffDict } from './diff';
import type { ConfigDict } from './data';
import {
  compareSeqHash,
  configHash,
  DEFAULT_LAGS,
  HASH_BYTES,
  incrementMessage,
  parseConfigMessage,
  serializeMessage,
} from './message';
import type { ConfigMessage, ConfigSigning, LaggedDiff } from './message';

export interface MergeOutcome {
  readonly message: ConfigMessage;
  /** Input index of the message used as is, or -1 when a new merged message was produced. */
  readonly unmergedIndex: number;
  /** Input indices that failed to parse. */
  readonly bad: ReadonlySet<number>;
}

export interface MergeOptions {
  readonly lag?: number;
  /**
   * libsession `MutableConfigMessage` construction (used when the local config is dirty): an
   * unmerged result is incremented, a merged one becomes mutable with an empty diff.
   */
  readonly mutable?: boolean;
  /**
   * Group configs: inputs must carry a valid signature; the result signs with `sign`. Without a
   * signer (a member) nothing is merged: the highest live (seqno, hash) message is kept as is,
   * and someone with the key merges later (upstream `verifier && !signer`).
   */
  readonly signing?: ConfigSigning | undefined;
}

function hasLagged(m: ConfigMessage, target: ConfigMessage): boolean {
  return m.lagged.some((l) => compareSeqHash(l, target) === 0);
}

/** Returns undefined when no input parses (upstream throws "no valid config messages"). */
export function mergeConfigMessages(
  inputs: readonly Uint8Array[],
  options: MergeOptions = {},
): MergeOutcome | undefined {
  const lag = options.lag ?? DEFAULT_LAGS;
  const bad = new Set<number>();
  const configs: { index: number; msg: ConfigMessage; redundant: boolean }[] = [];
  inputs.forEach((bytes, index) => {
    const parsed = parseConfigMessage(bytes, lag, options.signing?.verify);
    if (parsed.ok)
      configs.push({ index, msg: { ...parsed.value, signer: options.signing?.sign }, redundant: false });
    else bad.add(index);
  });
  if (configs.length === 0) return undefined;

  let maxSeqno = -Infinity;
  configs.forEach((c, i) => {
    maxSeqno = Math.max(maxSeqno, c.msg.seqno);
    c.redundant = configs.some(
      (other, j) =>
        j !== i && (hasLagged(other.msg, c.msg) || (j < i && compareSeqHash(other.msg, c.msg) === 0)),
    );
  });
  for (const c of configs) if (c.msg.seqno + lag <= maxSeqno) c.redundant = true;

  const live = configs.filter((c) => !c.redundant);
  const only = live[0];
  if (live.length === 1 && only !== undefined) {
    const message = options.mutable ? incrementMessage(only.msg, lag) : only.msg;
    return { message, unmergedIndex: only.index, bad };
  }

  // Descending (seqno, hash): the highest message's data wins for diffs carried by several.
  live.sort((a, b) => compareSeqHash(b.msg, a.msg));
  const top = live[0];
  if (top === undefined) throw new Error('unreachable: at least one config parsed');
  if (options.signing !== undefined && options.signing.sign === undefined)
    return { message: top.msg, unmergedIndex: top.index, bad };
  const replay = new Map<string, { row: LaggedDiff; source: ConfigDict }>();
  const keyOf = (seqno: number, hash: Uint8Array): string =>
    `${seqno}:${Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  const addReplay = (seqno: number, hash: Uint8Array, diff: DiffDict, source: ConfigDict): void => {
    const key = keyOf(seqno, hash);
    if (!replay.has(key)) replay.set(key, { row: { seqno, hash, diff }, source });
  };
  for (const { msg } of live) {
    addReplay(msg.seqno, msg.hash, msg.diff, msg.data);
    for (const l of msg.lagged) addReplay(l.seqno, l.hash, l.diff, msg.data);
  }
  const rows = [...replay.values()].sort((a, b) => compareSeqHash(a.row, b.row));
  const data = cloneDict(top.msg.data);
  for (const { row, source } of rows) applyDiff(data, row.diff, source);
  pruneDict(data);

  const merged: ConfigMessage = {
    seqno: maxSeqno + 1,
    data,
    diff: new Map(),
    lagged: rows.map((r) => r.row),
    unknown: new Map(),
    hash: new Uint8Array(HASH_BYTES),
    orig: undefined,
    signature: undefined,
    signer: options.signing?.sign,
  };
  merged.hash = configHash(serializeMessage(merged, lag));
  if (options.mutable) merged.orig = cloneDict(merged.data);
  return { message: merged, unmergedIndex: -1, bad };
}
