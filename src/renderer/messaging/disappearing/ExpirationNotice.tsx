import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/ipc/messaging';
import { isolate } from '../../security/bidi';
import { durationText } from './duration';
import { TimerIcon } from '../../components/Icons';

/** The timeline notice of a change of the disappearing setting: who changed it, to what. */
export function ExpirationNotice({ message, name }: { readonly message: Message; readonly name: string }) {
  const { t } = useTranslation();
  const who = message.direction === 'out' ? 'you' : 'them';
  const s = message.expiry;
  const text =
    s.mode === 'off'
      ? t(who === 'you' ? 'messaging.disappearing.noticeOffYou' : 'messaging.disappearing.noticeOffThem', {
          name: isolate(name),
        })
      : t(`messaging.disappearing.notice-${s.mode}-${who}`, {
          name: isolate(name),
          time: durationText(t, s.seconds),
        });
  return (
    <div className="timeline-notice" role="note" data-testid="expiration-notice" data-mode={s.mode}>
      <span className="inline-icon" aria-hidden="true">
        <TimerIcon size={14} />
      </span>
      {text}
    </div>
  );
}
