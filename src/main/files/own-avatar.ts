/**
 * Our own picture (session-desktop `nts-avatar-interactions.ts`, `profileEncrypter.ts`): encrypted
 * with a fresh random 32-byte profile key (AES-256-GCM, src/crypto/profile-avatar), uploaded
 * through the onion, written into the UserProfile config (`p`/`q`) for our other devices, and
 * uploaded again (or its expiry extended) before the file server forgets it.
 */
import { randomBytes } from 'node:crypto';
import {
  asProfileKey,
  encryptProfileAvatar,
  PROFILE_IV_BYTES,
  PROFILE_KEY_BYTES,
} from '../../crypto/profile-avatar';
import type { ProfilePicture } from '../domain/events';
import type { ProfileSession } from '../core/session';
import type { AvatarAccess, OpenAvatars } from './avatar-access';
import type { AvatarDownloads } from './avatar-downloads';
import { dataUrlOf, ownPictureIsStale } from './avatar-image';
import { keyFromBase64, keyToBase64 } from './avatar-store';
import { FileError } from './errors';
import { extendFile, uploadFile } from './file-client';
import { fileIdOf } from './file-server';
import { AVATAR_MAX_BYTES } from './image-type';

export class OwnAvatar {
  private readonly random: (n: number) => Uint8Array;

  constructor(
    private readonly a: AvatarAccess,
    private readonly downloads: AvatarDownloads,
  ) {
    this.random = a.o.random ?? ((n) => new Uint8Array(randomBytes(n)));
  }

  picture(): ProfilePicture | undefined {
    const p = this.a.open()?.store.own();
    return p ? { url: p.url, key: keyFromBase64(p.key) } : undefined;
  }

  /** Encrypts, uploads and announces a new picture of ours; returns it as a data URL. */
  async set(image: Uint8Array): Promise<string> {
    const { a } = this;
    if (image.length > AVATAR_MAX_BYTES) throw new FileError('too-large', 'avatar over 5 MB');
    const dataUrl = dataUrlOf(image);
    if (dataUrl === null) throw new FileError('not-an-image', 'not a PNG, JPEG or WebP');
    const { network, fileServer } = await a.reach();
    const key = asProfileKey(this.random(PROFILE_KEY_BYTES));
    const blob = encryptProfileAvatar(image, key, this.random(PROFILE_IV_BYTES));
    const uploaded = await uploadFile(network, fileServer, blob);
    const { session, store, cache } = a.need();
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
    a.announce([a.o.ownId()]);
    return dataUrl;
  }

  remove(): void {
    const { a } = this;
    const { session, store, cache } = a.need();
    const before = store.own();
    store.setOwn(undefined);
    if (before?.file != null) cache.remove(before.file);
    this.syncConfig(session, undefined);
    a.announce([a.o.ownId()]);
  }

  /**
   * Uploads our picture again before the file server forgets it (same key: contacts need no new
   * key, only the new URL, which our next message and the config carry). True when it did.
   */
  async renewIfStale(): Promise<boolean> {
    const { a } = this;
    const opened = a.open();
    if (!opened) return false;
    const own = opened.store.own();
    if (own?.file == null) return false;
    if (!ownPictureIsStale(own, a.now())) return false;
    const network = a.o.network;
    const fileServer = await a.o.fileServer();
    if (!network || !fileServer) return false;
    // Newer servers extend in place (same URL: nothing for contacts to learn); else upload anew.
    const ref = fileIdOf(own.url, fileServer);
    if (ref?.id.length === 44) {
      try {
        const expires = await extendFile(network, fileServer, ref.id);
        const current = this.still(own.url);
        if (!current) return false;
        current.store.setOwn({ ...own, expiresAt: Math.round(expires * 1000) });
        return true;
      } catch (e) {
        a.o.log(
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
    const current = this.still(own.url);
    if (!current) return false;
    current.store.setOwn({ ...own, url: uploaded.url, ...this.uploadTimes(uploaded.expires) });
    this.syncConfig(current.session, { url: uploaded.url, key });
    a.o.log('own avatar uploaded again before it expires');
    return true;
  }

  /**
   * Our picture as the UserProfile config has it after a merge: set or removed on another of our
   * devices, it is downloaded (or dropped) here, without uploading or pushing anything back.
   */
  fromConfig(picture: ProfilePicture | null): void {
    const store = this.a.open()?.store;
    if (!store) return;
    const url = picture?.url ?? '';
    const seen = store.ownInConfig();
    if (url === seen) return; // the config did not change: nothing to do at each poll
    store.setOwnInConfig(url);
    // A config seen for the first time without a picture removes nothing (a profile from before
    // config sync, or whose dumps were lost): only a picture that was there and went away does.
    if (picture === null && seen === undefined) return;
    this.downloads.adopt(this.a.o.ownId(), picture);
  }

  /** The open session while our picture is still `url`: changed or removed meanwhile, the newer choice wins. */
  private still(url: string): OpenAvatars | undefined {
    const current = this.a.open();
    return current?.store.own()?.url === url ? current : undefined;
  }

  private uploadTimes(expiresSeconds: number | null): { uploadedAt: number; expiresAt: number | null } {
    return {
      uploadedAt: this.a.now(),
      expiresAt: expiresSeconds === null ? null : Math.round(expiresSeconds * 1000),
    };
  }

  /** Our other devices learn the picture from the UserProfile config (`p`/`q`). */
  private syncConfig(session: ProfileSession, pic: ProfilePicture | undefined): void {
    try {
      session.configSync.configs.profile.setProfilePic(pic);
      void session.configSync.pushNow();
    } catch (e) {
      this.a.o.log(`avatar config update failed: ${e instanceof Error ? e.message : 'error'}`);
    }
  }
}
