/**
 * A 1-to-1 conversation's mute in the Contacts config (libsession-util `contacts.hpp`): `@` the
 * notification mode (2 = disabled: Veil's "always") and `!` the end of a timed mute in unix
 * seconds. "Mentions only" is not synced for 1-to-1 conversations: libsession stores it as "all"
 * there. docs/protocol-notes.md, "Mute across devices".
 */
import type { ContactInfo, NotifyMode } from '../../swarm/config';
import { MUTED_FOREVER } from '../../shared/notifications';

/** The config's two fields for Veil's `mutedUntil` (ms, null, or MUTED_FOREVER) at `nowMs`. */
export function muteToConfig(
  mutedUntil: number | null,
  existing: NotifyMode | undefined,
  nowMs: number,
): { readonly notifications: NotifyMode; readonly muteUntil: number } {
  if (mutedUntil === MUTED_FOREVER) return { notifications: 'disabled', muteUntil: 0 };
  // Another client's explicit "all" stays; its "disabled" ends with Veil's unmute.
  const notifications = existing === undefined || existing === 'disabled' ? 'default' : existing;
  const timed = mutedUntil !== null && mutedUntil > nowMs;
  return { notifications, muteUntil: timed ? Math.ceil(mutedUntil / 1000) : 0 };
}

/** Veil's `mutedUntil` for a contact entry at `nowMs`: a past `!` is no mute. */
export function muteFromConfig(
  c: Pick<ContactInfo, 'notifications' | 'muteUntil'>,
  nowMs: number,
): number | null {
  if (c.notifications === 'disabled') return MUTED_FOREVER;
  return c.muteUntil * 1000 > nowMs ? c.muteUntil * 1000 : null;
}

/**
 * Whether two `mutedUntil` values mean the same at `nowMs`, in whole seconds: the config keeps
 * seconds, so a timed mute comes back from a round trip rounded up, and must not count as a change.
 */
export function sameMute(a: number | null, b: number | null, nowMs: number): boolean {
  const norm = (v: number | null) =>
    v === MUTED_FOREVER ? 'forever' : v === null || v <= nowMs ? 'off' : String(Math.ceil(v / 1000));
  return norm(a) === norm(b);
}
