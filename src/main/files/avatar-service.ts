/**
 * Profile pictures (identity-and-messages.md §6.4; session-desktop
 * `ts/interactions/avatar-interactions/nts-avatar-interactions.ts`, `AvatarDownloadJob.ts`,
 * `ts/util/crypto/profileEncrypter.ts`): ours is encrypted with a fresh random 32-byte profile
 * key (AES-256-GCM, src/crypto/profile-avatar), uploaded through the onion, and announced in
 * every outgoing DataMessage (`profile.profilePicture` + `profileKey`) and in the UserProfile
 * config. A contact's new URL/key is downloaded through the onion, decrypted, checked to be an
 * image and kept in the encrypted avatar cache; windows get `avatars.changed` and ask for a
 * `data:` URL.
 */
import { randomBytes } from 'node:crypto';
import type { SessionId } from '../../crypto/keys';
import {
  asProfileKey,
  encryptProfileAvatar,
  PROFILE_IV_BYTES,
  PROFILE_KEY_BYTES,
} from '../../crypto/profile-avatar';
import type { DomainBus } from '../domain/bus';
import type { ProfilePicture } from '../domain/events';
import type { ProfileSession } from '../core/session';
import { wipe } from '../keys/master-key';
import type { NetworkClient } from '../network';
import { isGroupId, type GroupId } from '../../swarm/groups/identity';
import { AvatarCache, avatarCacheKeys } from './avatar-cache';
import {
  AvatarStore,
  keyFromBase64,
  keyToBase64,
  type AvatarPointer,
  type AvatarPointerInput,
} from './avatar-store';
import { FileError } from './errors';
import { extendFile, uploadFile } from './file-client';
import { fileIdOf, type FileServer } from './file-server';
import type { FileServerSource } from './file-server-source';
import { dataUrlOf, fetchAvatarImage, ownPictureIsStale } from './avatar-image';
import { AVATAR_MAX_BYTES } from './image-type';

/** Downloads of one pointer are retried this often (offline, server error) before giving up. */
const MAX_DOWNLOAD_FAILURES = 3;

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

export class AvatarService {
  private readonly caches = new WeakMap<ProfileSession, AvatarCache>();
  private readonly inFlight = new Map<SessionId, Promise<void>>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly random: (n: number) => Uint8Array;

  constructor(private readonly o: AvatarServiceOptions) {
    this.random = o.random ?? ((n) => new Uint8Array(randomBytes(n)));
  }

  /**
   * Follows the domain: a contact's message carried their profile, or config sync merged our
   * UserProfile (another device of ours may have changed our picture). Returns the unsubscribe.
   */
  listen(): () => void {
    const offReceived = this.o.bus.on('profile-picture.received', (e) => {
      this.contactPicture(e.sender, e.picture);
    });
    const offMerged = this.o.bus.on('config.merged', (e) => {
      this.ownPictureFromConfig(e.ownPicture);
    });
    return () => {
      offReceived();
      offMerged();
    };
  }

  private open(): { session: ProfileSession; store: AvatarStore; cache: AvatarCache } | undefined {
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

  private need() {
    const opened = this.open();
    if (!opened) throw new FileError('stopped', 'no unlocked account');
    return opened;
  }

  private announce(ids: readonly SessionId[]): void {
    this.o.bus.emit({ type: 'profile-pictures.changed', sessionIds: [...ids] });
  }

  // ---- ours ------------------------------------------------------------------------------

  ownPicture(): ProfilePicture | undefined {
    const p = this.open()?.store.own();
    return p ? { url: p.url, key: keyFromBase64(p.key) } : undefined;
  }

  /** Encrypts, uploads and announces a new picture of ours; returns it as a data URL. */
  async setOwn(image: Uint8Array): Promise<string> {
    if (image.length > AVATAR_MAX_BYTES) throw new FileError('too-large', 'avatar over 5 MB');
    const dataUrl = dataUrlOf(image);
    if (dataUrl === null) throw new FileError('not-an-image', 'not a PNG, JPEG or WebP');
    const { network, fileServer } = await this.reach();
    const key = asProfileKey(this.random(PROFILE_KEY_BYTES));
    const blob = encryptProfileAvatar(image, key, this.random(PROFILE_IV_BYTES));
    const uploaded = await uploadFile(network, fileServer, blob);
    const { session, store, cache } = this.need();
    const before = store.own();
    const file = cache.put(image);
    store.setOwn({
      url: uploaded.url,
      key: keyToBase64(key),
      file,
      previous: null,
      failures: 0,
      ...this.uploadTimes(uploaded.expires),
    });
    if (before?.file != null && before.file !== file) cache.remove(before.file);
    this.syncConfig(session, { url: uploaded.url, key });
    this.announce([this.o.ownId()]);
    return dataUrl;
  }

  /** The network and its file server, or the 'stopped' error the window shows ("cannot be sent"). */
  private async reach(): Promise<{ network: NetworkClient; fileServer: FileServer }> {
    const network = this.o.network;
    const fileServer = network ? await this.o.fileServer() : undefined;
    if (!network || !fileServer) throw new FileError('stopped', 'no file server is known on this network');
    return { network, fileServer };
  }

  private uploadTimes(expiresSeconds: number | null): { uploadedAt: number; expiresAt: number | null } {
    const now = this.now();
    return { uploadedAt: now, expiresAt: expiresSeconds === null ? null : Math.round(expiresSeconds * 1000) };
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /**
   * Uploads our picture again before the file server forgets it (same key: contacts need no new
   * key, only the new URL, which our next message and the config carry). True when it did.
   */
  async renewOwnIfStale(): Promise<boolean> {
    const opened = this.open();
    if (!opened) return false;
    const own = opened.store.own();
    if (own?.file == null) return false;
    if (!ownPictureIsStale(own, this.now())) return false;
    const network = this.o.network;
    const fileServer = await this.o.fileServer();
    if (!network || !fileServer) return false;
    // Newer servers extend in place (same URL: nothing for contacts to learn); else upload anew.
    const ref = fileIdOf(own.url, fileServer);
    if (ref?.id.length === 44) {
      try {
        const expires = await extendFile(network, fileServer, ref.id);
        const current = this.ownStill(own.url);
        if (!current) return false;
        current.store.setOwn({ ...own, expiresAt: Math.round(expires * 1000) });
        return true;
      } catch (e) {
        this.o.log(
          `avatar expiry extension failed, uploading again: ${e instanceof Error ? e.message : 'error'}`,
        );
      }
    }
    const image = opened.cache.get(own.file);
    if (!image) return false;
    const key = asProfileKey(keyFromBase64(own.key));
    const uploaded = await uploadFile(
      network,
      fileServer,
      encryptProfileAvatar(image, key, this.random(PROFILE_IV_BYTES)),
    );
    const current = this.ownStill(own.url);
    if (!current) return false;
    current.store.setOwn({ ...own, url: uploaded.url, ...this.uploadTimes(uploaded.expires) });
    this.syncConfig(current.session, { url: uploaded.url, key });
    this.o.log('own avatar uploaded again before it expires');
    return true;
  }

  /** The open session while our picture is still `url`: changed or removed meanwhile, the newer choice wins. */
  private ownStill(url: string): ReturnType<AvatarService['open']> {
    const current = this.open();
    return current?.store.own()?.url === url ? current : undefined;
  }

  removeOwn(): void {
    const { session, store, cache } = this.need();
    const before = store.own();
    store.setOwn(undefined);
    if (before?.file != null) cache.remove(before.file);
    this.syncConfig(session, undefined);
    this.announce([this.o.ownId()]);
  }

  /** Our other devices learn the picture from the UserProfile config (`p`/`q`). */
  private syncConfig(session: ProfileSession, pic: ProfilePicture | undefined): void {
    try {
      session.configSync.configs.profile.setProfilePic(pic);
      void session.configSync.pushNow();
    } catch (e) {
      this.o.log(`avatar config update failed: ${e instanceof Error ? e.message : 'error'}`);
    }
  }

  // ---- contacts --------------------------------------------------------------------------

  contactPicture(sender: SessionId, picture: ProfilePicture | null): void {
    if (sender !== this.o.ownId()) this.adopt(sender, picture);
  }

  /**
   * Our picture as the UserProfile config has it after a merge: set or removed on another of our
   * devices, it is downloaded (or dropped) here, without uploading or pushing anything back.
   */
  ownPictureFromConfig(picture: ProfilePicture | null): void {
    const store = this.open()?.store;
    if (!store) return;
    const url = picture?.url ?? '';
    const seen = store.ownInConfig();
    if (url === seen) return; // the config did not change: nothing to do at each poll
    store.setOwnInConfig(url);
    // A config seen for the first time without a picture removes nothing (a profile from before
    // config sync, or whose dumps were lost): only a picture that was there and went away does.
    if (picture === null && seen === undefined) return;
    this.adopt(this.o.ownId(), picture);
  }

  private pointerOf(store: AvatarStore, id: SessionId): AvatarPointer | undefined {
    if (isGroupId(id)) return store.group(id);
    return id === this.o.ownId() ? store.own() : store.contact(id);
  }

  private setPointer(store: AvatarStore, id: SessionId, p: AvatarPointerInput | undefined): void {
    if (isGroupId(id)) store.setGroup(id, p);
    else if (id === this.o.ownId()) store.setOwn(p);
    else store.setContact(id, p);
  }

  /**
   * A private group's picture as its Info config has it (group-pictures.ts): downloaded and
   * decrypted like a contact's (same file server, same key scheme), or dropped when removed.
   */
  groupPicture(groupId: GroupId, picture: ProfilePicture | null): void {
    this.adopt(groupId as string as SessionId, picture);
  }

  /**
   * A member's picture as a group's Members config has it (`p`/`q`): taken for someone whose own
   * messages never gave us theirs (not a contact), or who has one from a group already.
   */
  memberPicture(id: SessionId, picture: ProfilePicture): void {
    const store = this.open()?.store;
    if (!store || id === this.o.ownId() || isGroupId(id)) return;
    const before = store.contact(id);
    if (before && !before.fromGroup) return;
    this.adopt(id, picture, true);
  }

  /** A new URL/key for `id` (a contact's message, or our config): downloaded in the background. */
  private adopt(id: SessionId, picture: ProfilePicture | null, fromGroup = false): void {
    const opened = this.open();
    if (!opened) return;
    const { store, cache } = opened;
    const before = this.pointerOf(store, id);
    if (picture === null) {
      if (!before) return;
      this.setPointer(store, id, undefined);
      for (const f of [before.file, before.previous]) if (f !== null) cache.remove(f);
      this.announce([id]);
      return;
    }
    if (picture.key.length !== PROFILE_KEY_BYTES || picture.url.length > 512) return;
    const key = keyToBase64(picture.key);
    if (before?.url === picture.url && before.key === key) return;
    // The old picture stays on screen until the new one is here.
    const previous = before?.file ?? before?.previous ?? null;
    if (before?.previous != null && before.previous !== previous) cache.remove(before.previous);
    // Ours was uploaded by the other device just now, as far as renewal is concerned.
    const times = id === this.o.ownId() ? { uploadedAt: this.now(), expiresAt: null } : {};
    this.setPointer(store, id, {
      url: picture.url,
      key,
      file: null,
      previous,
      failures: 0,
      fromGroup,
      ...times,
    });
    this.schedule(id, 0);
  }

  private schedule(id: SessionId, delayMs: number): void {
    if (this.inFlight.has(id)) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.inFlight.has(id)) return;
      const run = this.download(id)
        .catch((e: unknown) => {
          // The session closed under us (lock, quit): the pointer stays, the next start resumes.
          this.o.log(`avatar download stopped: ${e instanceof Error ? e.message : 'error'}`);
        })
        .finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, run);
    }, delayMs);
    t.unref();
    this.timers.add(t);
  }

  /** The pointer of `id` in the session that is open now, if it is still `pointer`. */
  private stillCurrent(id: SessionId, pointer: AvatarPointer, session: ProfileSession) {
    const now = this.open();
    const current = now ? this.pointerOf(now.store, id) : undefined;
    if (now?.session !== session || current?.url !== pointer.url || current.key !== pointer.key)
      return undefined;
    return { ...now, current };
  }

  private async download(id: SessionId): Promise<void> {
    const opened = this.open();
    const pointer = opened ? this.pointerOf(opened.store, id) : undefined;
    if (!opened || pointer?.file !== null) return;
    try {
      const image = await this.fetchImage(pointer);
      // The session may have closed, or a newer pointer arrived, while we were away.
      const now = this.stillCurrent(id, pointer, opened.session);
      if (!now) return;
      const file = now.cache.put(image);
      this.setPointer(now.store, id, { ...now.current, file, previous: null, failures: 0 });
      if (now.current.previous !== null && now.current.previous !== file)
        now.cache.remove(now.current.previous);
      this.announce([id]);
    } catch (e) {
      const code = e instanceof FileError ? e.code : 'offline';
      this.o.log(`avatar download failed: ${code}`);
      const now = this.stillCurrent(id, pointer, opened.session);
      if (!now) return;
      // Bad data does not get better by asking again; the network might.
      const permanent = ['not-an-image', 'not-found', 'bad-url', 'too-large', 'invalid-response'].includes(
        code,
      );
      const failures = permanent ? MAX_DOWNLOAD_FAILURES : now.current.failures + 1;
      this.setPointer(now.store, id, { ...now.current, failures });
      if (failures < MAX_DOWNLOAD_FAILURES) this.schedule(id, (this.o.retryBaseMs ?? 2_000) * 2 ** failures);
    }
  }

  private async fetchImage(pointer: AvatarPointer): Promise<Uint8Array> {
    const { network, fileServer } = await this.reach();
    return fetchAvatarImage(network, fileServer, pointer);
  }

  // ---- windows ---------------------------------------------------------------------------

  /** The picture of `id` (ours, a contact's or a group's) as a data URL, null when there is none yet. */
  get(id: SessionId): string | null {
    const opened = this.open();
    if (!opened) return null;
    const pointer = this.pointerOf(opened.store, id);
    if (!pointer) {
      // A group never looked at in this session: its Info config may name a picture already.
      if (isGroupId(id)) this.o.groupPictureOf?.(id);
      return null;
    }
    // After a restart: resume a download that did not finish.
    if (pointer.file === null && pointer.failures < MAX_DOWNLOAD_FAILURES) this.schedule(id, 0);
    const shown = pointer.file ?? pointer.previous;
    if (shown === null) return null;
    const image = opened.cache.get(shown);
    return image ? dataUrlOf(image) : null;
  }

  /** Resolves when no download is running or scheduled (tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      await Promise.allSettled([...this.inFlight.values()]);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
