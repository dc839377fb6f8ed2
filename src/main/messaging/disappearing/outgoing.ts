import type { DisappearingSetting } from '../../../shared/disappearing';

/**
 * The disappearing fields of a message we send now: its setting, and its deletion time. Our own
 * messages start their timer when sent in both modes, as Session Desktop does
 * (`checkForExpiringOutgoingMessage`): we have read what we wrote.
 */
export function outgoingExpiry(
  setting: DisappearingSetting,
  sentAt: number,
): { expiry: DisappearingSetting; expiresAt?: number } {
  if (setting.mode === 'off') return { expiry: setting };
  return { expiry: setting, expiresAt: sentAt + setting.seconds * 1000 };
}
