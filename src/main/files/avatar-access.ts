/**
 * What every part of the avatar service shares: the open session's pointer store and encrypted
 * cache (built once per session from the database subkey), whose pointer an ID has (ours, a
 * contact's, a group's), the network and its file server, and the announcement windows follow.
 */
import type { SessionId } from '../../crypto/keys';
import type { DomainBus } from '../domain/bus';
import type { ProfileSession } from '../core/session';
import { wipe } from '../keys/master-key';
import type { NetworkClient } from '../network';
import { isGroupId, type GroupId } from '../../swarm/groups/identity';
import { AvatarCache, avatarCacheKeys } from './avatar-cache';
import { AvatarStore, type AvatarPointer, type AvatarPointerInput } from './avatar-store';
import { FileError } from './errors';
import type { FileServer } from './file-server';
import type { FileServerSource } from './file-server-source';

export interface AvatarServiceOptions {
  readonly profileDir: string;
  /** Where pictures that changed are announced, and contacts' and configs' pictures come from. */
  readonly bus: DomainBus;
  readonly network: NetworkClient | undefined;
  /** The network's file server, when it is known (asked of a shared devnet's seed on first use). */
  readonly fileServer: FileServerSource;
  /** The open session while the account is unlocked (never creates one). */
  readonly session: () => ProfileSession | undefined;
  readonly ownId: () => SessionId;
  /** The profile's database subkey (wiped by us after deriving the cache keys). */
  readonly databaseKey: () => Uint8Array;
  readonly random?: (n: number) => Uint8Array;
  readonly retryBaseMs?: number;
  /** Asks for a group's picture that has no pointer yet (its Info config is read, group-pictures.ts). */
  readonly groupPictureOf?: (groupId: GroupId) => void;
  readonly now?: () => number;
  readonly log: (line: string) => void;
}

export interface OpenAvatars {
  readonly session: ProfileSession;
  readonly store: AvatarStore;
  readonly cache: AvatarCache;
}

export class AvatarAccess {
  private readonly caches = new WeakMap<ProfileSession, AvatarCache>();

  constructor(readonly o: AvatarServiceOptions) {}

  /** The open session's store and cache; undefined while the account is locked. */
  open(): OpenAvatars | undefined {
    const session = this.o.session();
    if (!session) return undefined;
    let cache = this.caches.get(session);
    if (!cache) {
      const dbKey = this.o.databaseKey();
      try {
        cache = new AvatarCache(this.o.profileDir, avatarCacheKeys(dbKey));
      } finally {
        wipe(dbKey);
      }
      this.caches.set(session, cache);
    }
    return { session, store: new AvatarStore(session.db.kv), cache };
  }

  need(): OpenAvatars {
    const opened = this.open();
    if (!opened) throw new FileError('stopped', 'no unlocked account');
    return opened;
  }

  announce(ids: readonly SessionId[]): void {
    this.o.bus.emit({ type: 'profile-pictures.changed', sessionIds: [...ids] });
  }

  pointerOf(store: AvatarStore, id: SessionId): AvatarPointer | undefined {
    if (isGroupId(id)) return store.group(id);
    return id === this.o.ownId() ? store.own() : store.contact(id);
  }

  setPointer(store: AvatarStore, id: SessionId, p: AvatarPointerInput | undefined): void {
    if (isGroupId(id)) store.setGroup(id, p);
    else if (id === this.o.ownId()) store.setOwn(p);
    else store.setContact(id, p);
  }

  /** The network and its file server, or the 'stopped' error the window shows ("cannot be sent"). */
  async reach(): Promise<{ network: NetworkClient; fileServer: FileServer }> {
    const network = this.o.network;
    const fileServer = network ? await this.o.fileServer() : undefined;
    if (!network || !fileServer) throw new FileError('stopped', 'no file server is known on this network');
    return { network, fileServer };
  }

  now(): number {
    return (this.o.now ?? Date.now)();
  }
}
