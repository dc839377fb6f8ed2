/**
 * The config object state machine (libsession `ConfigBase`), sync-groups-communities.md §1.3–§1.4:
 * merge(incoming) → needsPush → push → confirmPushed → dump.
 *
 * Upstream facts (libsession-util `src/config/base.cpp` @ 8762e9d):
 * - states clean / dirty / waiting. Any state change marks "needs dump"; leaving `clean` moves
 *   the current server hash into the old hashes (they get deleted by the next push).
 * - the first local edit from a non-dirty state increments the message (seqno + 1); further
 *   edits change the same pending message. Assigning an unchanged value does nothing.
 * - merge: our own current message (unless it is the empty seqno-0 one and we are not dirty) is
 *   merged together with every incoming message that unwraps/decrypts/opens; incoming hashes of
 *   messages that were parsed are returned; every merged-away hash becomes an old hash. A merge
 *   conflict makes us dirty at seqno max + 1. Quirk kept for identical bytes: when not dirty, the
 *   merged message becomes mutable with an *empty* original (`retain_seqno` constructor), so its
 *   pushed `=` diff lists all data as set.
 * - push: serialize, pad, encrypt with the first key, protobuf-wrap (user configs), dirty →
 *   waiting, hand out the old hashes (sorted) as obsolete. Pushing while clean is allowed.
 * - confirmPushed(seqno, hash): only when waiting and the seqno still matches.
 *
 * - when dirty and an incoming message supersedes ours, upstream keeps the *incremented* winner
 *   but marks itself clean; we do the same (seqnos then match a libsession client's).
 * - multipart (`m`) parts are skipped, like this upstream snapshot; newer libsession reassembles.
 *
 * Deviation: above 76,800 bytes upstream throws; newer libsession first drops the protobuf wrapper
 * (§1.3), which we do too, then we throw {@link ConfigTooLargeError} (multipart is not done).
 */
import type { Ed25519SecretKey } from '../../crypto/keys';
import { cloneValue, INT64_MAX, INT64_MIN, isDict, isScalar, isSet, normalizeSet, valuesEqual } from './data';
import type { ConfigDict, ConfigValue } from './data';
import { decodeDump, encodeDump, sortHashes } from './dump';
import type { ConfigState, DumpError } from './dump';
import { decryptConfig, MAX_MESSAGE_SIZE, openConfigPlaintext, sealConfigMessage } from './encrypt';
import { mergeConfigMessages } from './merge';
import {
  DEFAULT_LAGS,
  emptyMessage,
  incrementMessage,
  parseConfigMessage,
  serializeMessage,
} from './message';
import type { ConfigMessage, ConfigSigning } from './message';
import { unwrapConfig, wrapConfig } from './wrapper';
import type { SharedConfigKind } from './wrapper';

export type { ConfigState } from './dump';

export interface ConfigTypeInfo {
  /** Encryption domain, e.g. "UserProfile". */
  readonly domain: string;
  /** Storage namespace in our own swarm (2, 3, 4, 5). */
  readonly namespace: number;
  /** SharedConfigMessage kind for the legacy wrapper; undefined = not wrapped. */
  readonly protobufKind: SharedConfigKind | undefined;
}

export interface IncomingConfig {
  /** Server message hash. */
  readonly hash: string;
  /** Raw message bytes (base64-decoded `data`). */
  readonly data: Uint8Array;
}

export interface ConfigPush {
  readonly seqno: number;
  /** Bytes to store (base64 them for the `store` RPC). */
  readonly data: Uint8Array;
  /** Server hashes now superseded: delete them after the store succeeds. */
  readonly obsoleteHashes: readonly string[];
}

/** What a subclass constructor receives from {@link ConfigBase.restoreDump}. */
export interface ConfigSnapshot {
  readonly state: ConfigState;
  readonly config: ConfigMessage;
  readonly currentHash: string;
  readonly oldHashes: readonly string[];
}

/**
 * A group config (Info, Members; §3.3): encrypted with the group's keys (newest first, from
 * Keys), signed by the group key (admins) or only verified (members, read-only).
 */
export interface GroupConfigOptions {
  readonly keys: readonly Uint8Array[];
  readonly signing: ConfigSigning;
}

export class ReadOnlyConfigError extends Error {
  constructor() {
    super('this group config is read-only without the group key');
  }
}

export class ConfigTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`config message of ${size} bytes exceeds ${MAX_MESSAGE_SIZE}`);
  }
}

/** Every int must fit int64, or other clients could not parse what we push. */
function checkInt64(v: ConfigValue): void {
  if (typeof v === 'bigint') {
    if (v < INT64_MIN || v > INT64_MAX) throw new RangeError('config integers must fit in int64');
  } else if (isSet(v)) v.forEach(checkInt64);
  else if (isDict(v)) v.forEach(checkInt64);
}

export class ConfigBase {
  protected config: ConfigMessage;
  private state: ConfigState = 'clean';
  private currentHash = '';
  private readonly oldHashes = new Set<string>();
  private dumpNeeded = false;
  /** First is used to encrypt; all are tried to decrypt (user configs: just the seed). */
  private keys: readonly Uint8Array[];
  private readonly signing: ConfigSigning | undefined;

  protected constructor(
    readonly type: ConfigTypeInfo,
    /** Our account key: the user configs' key base and protobuf wrapper (unused by groups). */
    private readonly secretKey: Ed25519SecretKey | undefined,
    restored?: ConfigSnapshot,
    group?: GroupConfigOptions,
  ) {
    if (!group && secretKey === undefined) throw new Error('a user config needs the account key');
    this.keys = group ? [...group.keys] : secretKey ? [secretKey.slice(0, 32)] : [];
    this.signing = group?.signing;
    this.config = restored?.config ?? emptyMessage();
    this.config.signer = this.signing?.sign;
    if (restored) {
      this.state = restored.state;
      this.currentHash = restored.currentHash;
      for (const h of restored.oldHashes) this.oldHashes.add(h);
    }
  }

  /** Parses a dump for a subclass's `load`. Never throws on bad bytes. */
  protected static restoreDump(
    dump: Uint8Array,
  ): { ok: true; value: ConfigSnapshot } | { ok: false; error: DumpError } {
    const fields = decodeDump(dump);
    if (!fields.ok) return fields;
    const { state, serialized, currentHash, oldHashes } = fields.value;
    let config: ConfigMessage;
    if (state === 'dirty') {
      const merged = mergeConfigMessages([serialized], { mutable: true });
      if (merged === undefined || merged.bad.size > 0)
        return { ok: false, error: { kind: 'bad-dump', reason: 'unparseable "$" message' } };
      config = merged.message;
    } else {
      const parsed = parseConfigMessage(serialized, DEFAULT_LAGS);
      if (!parsed.ok) return { ok: false, error: { kind: 'bad-dump', reason: parsed.error.reason } };
      config = parsed.value;
    }
    return { ok: true, value: { state, config, currentHash, oldHashes } };
  }

  get seqno(): number {
    return this.config.seqno;
  }
  get configState(): ConfigState {
    return this.state;
  }
  needsPush(): boolean {
    return this.state !== 'clean';
  }
  needsDump(): boolean {
    return this.dumpNeeded;
  }
  /** The server hash of the message we are in step with (empty unless clean and known). */
  currentHashes(): string[] {
    return this.currentHash === '' ? [] : [this.currentHash];
  }

  private setState(s: ConfigState): void {
    if (this.state === 'clean' && this.currentHash !== '') {
      this.oldHashes.add(this.currentHash);
      this.currentHash = '';
    }
    this.state = s;
    this.dumpNeeded = true;
  }

  /** Without the group key a group config can only be read (upstream `is_readonly`). */
  isReadOnly(): boolean {
    return this.signing !== undefined && this.signing.sign === undefined;
  }

  /**
   * `replace_keys` (group configs): the keys Keys currently holds, newest first. A new first key
   * re-encrypts: the config becomes dirty when `dirty` and we may write.
   */
  replaceKeys(keys: readonly Uint8Array[], dirty: boolean): void {
    for (const k of keys) if (k.length !== 32) throw new RangeError('group keys are 32 bytes');
    const first = this.keys[0];
    const changed = first === undefined || keys[0] === undefined || !valuesEqual(first, keys[0]);
    this.keys = [...keys];
    if (dirty && changed && keys.length > 0 && !this.isReadOnly()) this.dirtyMessage();
  }

  /** `dirty()`: the message local edits go into (incremented once per push cycle). */
  private dirtyMessage(): ConfigMessage {
    if (this.state !== 'dirty') {
      this.setState('dirty');
      this.config = incrementMessage(this.config);
    } else this.dumpNeeded = true;
    return this.config;
  }

  /** Decrypts one incoming item to its serialized message, or undefined (skipped, as upstream). */
  private open(item: IncomingConfig): Uint8Array | undefined {
    let raw = item.data;
    const kind = this.type.protobufKind;
    if (kind !== undefined && this.secretKey !== undefined) {
      const once = unwrapConfig(this.secretKey, raw, kind);
      if (once.ok) {
        // Some old clients double-wrapped: try once more (upstream does the same).
        const twice = unwrapConfig(this.secretKey, once.value, kind);
        raw = twice.ok ? twice.value : once.value;
      }
    }
    for (const key of this.keys) {
      const plain = decryptConfig(raw, key, this.type.domain);
      if (!plain.ok) continue;
      const opened = openConfigPlaintext(plain.value);
      return opened.ok ? opened.value : undefined;
    }
    return undefined;
  }

  /** Merges messages retrieved from the swarm; returns the hashes that were understood. */
  merge(incoming: readonly IncomingConfig[]): string[] {
    const oldSeqno = this.config.seqno;
    const hashes: string[] = [];
    const confs: Uint8Array[] = [];
    const mine = oldSeqno !== 0 || this.state === 'dirty';
    if (mine) {
      hashes.push(this.currentHash);
      confs.push(serializeMessage(this.config));
    }
    for (const item of incoming) {
      const plain = this.open(item);
      if (plain === undefined) continue;
      hashes.push(item.hash);
      confs.push(plain);
    }
    const wasDirty = this.state === 'dirty';
    const outcome = mergeConfigMessages(confs, { mutable: wasDirty, signing: this.signing });
    if (outcome === undefined) return [];
    const { message, unmergedIndex, bad } = outcome;
    hashes.forEach((h, i) => {
      if (i !== unmergedIndex && !bad.has(i) && h !== '') this.oldHashes.add(h);
    });
    if (message.seqno !== oldSeqno) {
      if (unmergedIndex === -1) {
        this.config = wasDirty ? message : { ...message, orig: new Map() };
        this.setState('dirty');
      } else if (!(wasDirty && unmergedIndex === 0 && message.seqno === oldSeqno + 1)) {
        this.config = message;
        this.setState('clean');
        this.currentHash = hashes[unmergedIndex] ?? '';
      }
    }
    return hashes.filter((_, i) => i >= (mine ? 1 : 0) && !bad.has(i));
  }

  push(): ConfigPush {
    const seqno = this.config.seqno;
    const key = this.keys[0];
    if (key === undefined) throw new Error('cannot push a config without an encryption key');
    const sealed = sealConfigMessage(serializeMessage(this.config), key, this.type.domain);
    let data = sealed;
    const kind = this.type.protobufKind;
    if (kind !== undefined && this.secretKey !== undefined) {
      const wrapped = wrapConfig(this.secretKey, kind, seqno, sealed);
      if (wrapped.length <= MAX_MESSAGE_SIZE) data = wrapped;
    }
    if (data.length > MAX_MESSAGE_SIZE) throw new ConfigTooLargeError(data.length);
    if (this.state === 'dirty') this.setState('waiting');
    // A read-only copy deletes nothing (it cannot: upstream hands out no obsolete hashes).
    const obsoleteHashes = this.isReadOnly() ? [] : sortHashes(this.oldHashes);
    this.oldHashes.clear();
    return { seqno, data, obsoleteHashes };
  }

  confirmPushed(seqno: number, hash: string): void {
    if (this.state === 'waiting' && seqno === this.config.seqno) {
      this.setState('clean');
      this.currentHash = hash;
    }
  }

  dump(): Uint8Array {
    this.dumpNeeded = false;
    return encodeDump({
      state: this.state,
      serialized: serializeMessage(this.config),
      currentHash: this.currentHash,
      oldHashes: [...this.oldHashes],
    });
  }

  /** Low-level read of the data at `path` (keys are binary strings). */
  getValue(path: readonly string[]): ConfigValue | undefined {
    let v: ConfigValue | undefined = this.config.data;
    for (const k of path) {
      if (v === undefined || !isDict(v)) return undefined;
      v = v.get(k);
    }
    return v;
  }

  /**
   * Low-level write (undefined, an empty set or an empty dict erase). Intermediate dicts are
   * created, and a non-dict in the way is replaced, as libsession's field proxies do.
   */
  setValue(path: readonly string[], value: ConfigValue | undefined): void {
    const target =
      value === undefined || (!isScalar(value) && (isDict(value) ? value.size : value.length) === 0)
        ? undefined
        : value;
    if (target !== undefined) checkInt64(target);
    if (this.isReadOnly()) throw new ReadOnlyConfigError();
    const current = this.getValue(path);
    if (
      target !== undefined &&
      isSet(target) &&
      current !== undefined &&
      valuesEqual(current, normalizeSet(target))
    )
      return;
    if (target === undefined ? current === undefined : current !== undefined && valuesEqual(current, target))
      return;
    const data = this.dirtyMessage().data;
    const last = path[path.length - 1];
    if (last === undefined) throw new RangeError('setValue: empty path');
    let dict: ConfigDict = data;
    for (const k of path.slice(0, -1)) {
      let next = dict.get(k);
      if (next === undefined || !isDict(next)) {
        if (target === undefined) return;
        next = new Map();
        dict.set(k, next);
      }
      dict = next;
    }
    if (target === undefined) dict.delete(last);
    else dict.set(last, isSet(target) ? normalizeSet(target) : cloneValue(target));
  }
}
