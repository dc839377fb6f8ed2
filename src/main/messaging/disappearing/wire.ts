/**
 * Disappearing messages v2 on the wire (identity-and-messages.md §5.2, §7.3–7.4): every message
 * carries the sender's setting in `Content.expirationType` (12) and `Content.expirationTimer`
 * (13, seconds); a change of setting is a DataMessage with `flags = EXPIRATION_TIMER_UPDATE`.
 * The retired `DataMessage.expireTimer` (5) and `Content` field 14 are never sent.
 */
import {
  EXPIRATION_TIMER_UPDATE_FLAG,
  type ContentMessage,
  type ExpirationType,
} from '../../../swarm/messages/index';
import {
  TIMER_MAX_SECONDS,
  type DisappearingMode,
  type DisappearingSetting,
} from '../../../shared/disappearing';

/** Desktop's TTL for content messages (14 days), used unless a message disappears after send. */
export const DEFAULT_TTL_MS = 14 * 24 * 3600 * 1000;

const TYPE_OF: Readonly<Record<DisappearingMode, ExpirationType>> = {
  'after-send': 'DELETE_AFTER_SEND',
  'after-read': 'DELETE_AFTER_READ',
};

/** The Content fields for a message sent under `setting` (nothing when off). */
export function expirationFields(
  setting: DisappearingSetting,
): Pick<ContentMessage, 'expirationType' | 'expirationTimer'> {
  if (setting.mode === 'off') return {};
  return { expirationType: TYPE_OF[setting.mode], expirationTimer: setting.seconds };
}

/**
 * The control message announcing `setting`. "Off" is stated explicitly (UNKNOWN, 0): Desktop
 * sends it that way, and a receiver must see the change, not the absence of one.
 */
export function expirationUpdateContent(setting: DisappearingSetting): ContentMessage {
  return {
    dataMessage: { flags: EXPIRATION_TIMER_UPDATE_FLAG },
    ...(setting.mode === 'off'
      ? { expirationType: 'UNKNOWN', expirationTimer: 0 }
      : expirationFields(setting)),
  };
}

/** True when the DataMessage is a change of the disappearing setting. */
export function isExpirationUpdate(content: ContentMessage): boolean {
  const flags = content.dataMessage?.flags ?? 0;
  return (flags & EXPIRATION_TIMER_UPDATE_FLAG) !== 0;
}

/**
 * The setting a received Content states. A type without a timer (or a timer without a type, as
 * legacy clients send) is off: Session v2 clients treat both as "not disappearing".
 */
export function settingOf(content: ContentMessage): DisappearingSetting {
  const seconds = content.expirationTimer ?? 0;
  if (seconds <= 0) return { mode: 'off' };
  // Longer than a swarm keeps anything: clamped, the message still goes.
  const s = Math.min(seconds, TIMER_MAX_SECONDS);
  if (content.expirationType === 'DELETE_AFTER_SEND') return { mode: 'after-send', seconds: s };
  if (content.expirationType === 'DELETE_AFTER_READ') return { mode: 'after-read', seconds: s };
  return { mode: 'off' };
}

/**
 * How long the swarm keeps a message sent under `setting` (§7.3): the timer for after-send;
 * after-read keeps 14 days (shortened by `expire` once read), except our own sync copy, which
 * our other devices treat as already read (Desktop stores it with the timer as TTL).
 */
export function storeTtlMs(setting: DisappearingSetting, syncCopy: boolean): number {
  if (setting.mode === 'after-send') return setting.seconds * 1000;
  if (setting.mode === 'after-read' && syncCopy) return setting.seconds * 1000;
  return DEFAULT_TTL_MS;
}
