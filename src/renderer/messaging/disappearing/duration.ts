import type { TFunction } from 'i18next';
import { timerNameOf, type DisappearingSetting } from '../../../shared/disappearing';

/** "30 seconds", "1 week"…; a timer another client chose outside our list, in seconds. */
export function durationText(t: TFunction, seconds: number): string {
  const name = timerNameOf(seconds);
  return name !== undefined
    ? t(`messaging.disappearing.timers.${name}`)
    : t('messaging.disappearing.seconds', { count: seconds });
}

/** The setting in a few words: "Off", "After reading, 5 minutes". */
export function settingText(t: TFunction, s: DisappearingSetting): string {
  return s.mode === 'off'
    ? t('messaging.disappearing.stateOff')
    : t(`messaging.disappearing.state-${s.mode}`, { time: durationText(t, s.seconds) });
}
