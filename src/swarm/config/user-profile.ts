/**
 * UserProfile config (namespace 2, domain "UserProfile", wrapper kind USER_PROFILE), §1.5.
 *
 * Upstream facts (libsession-util `src/config/user_profile.cpp`,
 * `include/session/config/user_profile.hpp` @ 8762e9d): `n` name (≤ 100 bytes, "" erases),
 * `p`/`q` avatar URL + 32-byte key (set together or erased together), `+` Note-to-Self priority
 * (0 erases), `e` Note-to-Self disappearing timer in s (≤ 0 erases), `M` community message
 * requests 1/0 (absent = client default). Newer keys (`t`, `P`/`Q`/`T`, `f`, `E`) and anything
 * else are kept untouched through merges and pushes.
 */
import type { Ed25519SecretKey } from '../../crypto/keys';
import { utf8 } from '../../crypto/bytes';
import { ConfigBase } from './base';
import type { ConfigSnapshot, ConfigTypeInfo } from './base';
import type { DumpError } from './dump';
import { asInt, checkName, nonempty, nonzero, positive, readPic } from './fields';
import type { ProfilePic } from './fields';

export const USER_PROFILE: ConfigTypeInfo = { domain: 'UserProfile', namespace: 2, protobufKind: 1 };

export class UserProfile extends ConfigBase {
  private constructor(sk: Ed25519SecretKey, restored?: ConfigSnapshot) {
    super(USER_PROFILE, sk, restored);
  }

  static create(sk: Ed25519SecretKey): UserProfile {
    return new UserProfile(sk);
  }

  static load(
    sk: Ed25519SecretKey,
    dump: Uint8Array,
  ): { ok: true; value: UserProfile } | { ok: false; error: DumpError } {
    const r = ConfigBase.restoreDump(dump);
    return r.ok ? { ok: true, value: new UserProfile(sk, r.value) } : r;
  }

  /** Display name, undefined when unset or empty. */
  get name(): string | undefined {
    const v = this.getValue(['n']);
    return v instanceof Uint8Array && v.length > 0 ? new TextDecoder().decode(v) : undefined;
  }

  /** Throws RangeError above 100 bytes (as upstream `set_name`); "" erases. */
  setName(name: string): void {
    checkName(name, 'profile name');
    this.setValue(['n'], nonempty(name));
  }

  get profilePic(): ProfilePic | undefined {
    return readPic(this.getValue(['p']), this.getValue(['q']));
  }

  /** Sets URL and key together; undefined (or an empty URL / non-32-byte key) erases both. */
  setProfilePic(pic: ProfilePic | undefined): void {
    const valid = pic !== undefined && pic.url !== '' && pic.key.length === 32;
    this.setValue(['p'], valid ? utf8(pic.url) : undefined);
    this.setValue(['q'], valid ? pic.key : undefined);
  }

  /** Note-to-Self: 0 normal, −1 hidden, > 0 pinned. */
  get noteToSelfPriority(): number {
    return asInt(this.getValue(['+'])) ?? 0;
  }
  setNoteToSelfPriority(priority: number): void {
    this.setValue(['+'], nonzero(priority));
  }

  /** Note-to-Self disappear-after-send timer in seconds, undefined when off. */
  get noteToSelfExpirySeconds(): number | undefined {
    const e = asInt(this.getValue(['e']));
    return e !== undefined && e > 0 ? e : undefined;
  }
  setNoteToSelfExpirySeconds(seconds: number | undefined): void {
    this.setValue(['e'], positive(seconds));
  }

  /** Community (blinded) message requests allowed; undefined = client default. */
  get blindedMessageRequests(): boolean | undefined {
    const m = asInt(this.getValue(['M']));
    return m === undefined ? undefined : m !== 0;
  }
  setBlindedMessageRequests(value: boolean | undefined): void {
    this.setValue(['M'], value === undefined ? undefined : value ? 1n : 0n);
  }
}
