/**
 * Pictures of others (and ours, set on another device): a new URL/key is kept as a pointer and
 * downloaded through the onion in the background, decrypted, checked to be an image and put in
 * the encrypted cache; the old picture stays on screen until the new one is here. Failures are
 * retried with back-off, a few times, unless the data itself is bad.
 */
import type { SessionId } from '../../crypto/keys';
import { PROFILE_KEY_BYTES } from '../../crypto/profile-avatar';
import type { ProfilePicture } from '../domain/events';
import type { ProfileSession } from '../core/session';
import type { AvatarAccess } from './avatar-access';
import { fetchAvatarImage } from './avatar-image';
import { keyToBase64, type AvatarPointer } from './avatar-store';
import { FileError } from './errors';

/** Downloads of one pointer are retried this often (offline, server error) before giving up. */
export const MAX_DOWNLOAD_FAILURES = 3;

/** Bad data does not get better by asking again; the network might. */
const PERMANENT = ['not-an-image', 'not-found', 'bad-url', 'too-large', 'invalid-response'];

export class AvatarDownloads {
  private readonly inFlight = new Map<SessionId, Promise<void>>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly a: AvatarAccess) {}

  /** A new URL/key for `id` (a contact's message, our config, a group): downloaded in the background. */
  adopt(id: SessionId, picture: ProfilePicture | null, fromGroup = false): void {
    const { a } = this;
    const opened = a.open();
    if (!opened) return;
    const { store, cache } = opened;
    const before = a.pointerOf(store, id);
    if (picture === null) {
      if (!before) return;
      a.setPointer(store, id, undefined);
      for (const f of [before.file, before.previous]) if (f !== null) cache.remove(f);
      a.announce([id]);
      return;
    }
    if (picture.key.length !== PROFILE_KEY_BYTES || picture.url.length > 512) return;
    const key = keyToBase64(picture.key);
    if (before?.url === picture.url && before.key === key) return;
    // The old picture stays on screen until the new one is here.
    const previous = before?.file ?? before?.previous ?? null;
    if (before?.previous != null && before.previous !== previous) cache.remove(before.previous);
    // Ours was uploaded by the other device just now, as far as renewal is concerned.
    const times = id === a.o.ownId() ? { uploadedAt: a.now(), expiresAt: null } : {};
    a.setPointer(store, id, {
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

  /** After a restart: resumes a download that did not finish (the window asked for the picture). */
  resume(id: SessionId, pointer: AvatarPointer): void {
    if (pointer.file === null && pointer.failures < MAX_DOWNLOAD_FAILURES) this.schedule(id, 0);
  }

  private schedule(id: SessionId, delayMs: number): void {
    if (this.inFlight.has(id)) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.inFlight.has(id)) return;
      const run = this.download(id)
        .catch((e: unknown) => {
          // The session closed under us (lock, quit): the pointer stays, the next start resumes.
          this.a.o.log(`avatar download stopped: ${e instanceof Error ? e.message : 'error'}`);
        })
        .finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, run);
    }, delayMs);
    t.unref();
    this.timers.add(t);
  }

  /** The pointer of `id` in the session that is open now, if it is still `pointer`. */
  private stillCurrent(id: SessionId, pointer: AvatarPointer, session: ProfileSession) {
    const now = this.a.open();
    const current = now ? this.a.pointerOf(now.store, id) : undefined;
    if (now?.session !== session || current?.url !== pointer.url || current.key !== pointer.key)
      return undefined;
    return { ...now, current };
  }

  private async download(id: SessionId): Promise<void> {
    const { a } = this;
    const opened = a.open();
    const pointer = opened ? a.pointerOf(opened.store, id) : undefined;
    if (!opened || pointer?.file !== null) return;
    try {
      const { network, fileServer } = await a.reach();
      const image = await fetchAvatarImage(network, fileServer, pointer);
      // The session may have closed, or a newer pointer arrived, while we were away.
      const now = this.stillCurrent(id, pointer, opened.session);
      if (!now) return;
      const file = now.cache.put(image);
      a.setPointer(now.store, id, { ...now.current, file, previous: null, failures: 0 });
      if (now.current.previous !== null && now.current.previous !== file)
        now.cache.remove(now.current.previous);
      a.announce([id]);
    } catch (e) {
      const code = e instanceof FileError ? e.code : 'offline';
      a.o.log(`avatar download failed: ${code}`);
      const now = this.stillCurrent(id, pointer, opened.session);
      if (!now) return;
      const failures = PERMANENT.includes(code) ? MAX_DOWNLOAD_FAILURES : now.current.failures + 1;
      a.setPointer(now.store, id, { ...now.current, failures });
      if (failures < MAX_DOWNLOAD_FAILURES) this.schedule(id, (a.o.retryBaseMs ?? 2_000) * 2 ** failures);
    }
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
