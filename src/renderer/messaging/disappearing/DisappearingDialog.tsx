import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import {
  TIMER_SECONDS,
  TIMERS_FOR_MODE,
  timerNameOf,
  type DisappearingMode,
  type DisappearingSetting,
  type TimerName,
} from '../../../shared/disappearing';
import type { Conversation } from '../../../shared/ipc/messaging';
import { useMessaging } from '../store';

type Choice = 'off' | DisappearingMode;

/** Session's defaults when a mode is first picked: 12 h after reading, 1 day after sending. */
const DEFAULT_TIMER: Readonly<Record<DisappearingMode, TimerName>> = {
  'after-read': '12h',
  'after-send': '1d',
};

/**
 * The disappearing-messages setting of one conversation (a modal <dialog>: focus, Escape).
 * Note to Self offers after-send only, as Session does.
 */
export function DisappearingDialog({
  conversation,
  onClose,
}: {
  readonly conversation: Conversation;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useMessaging((s) => s.setDisappearing);
  const ref = useRef<HTMLDialogElement>(null);
  const current = conversation.disappearing;
  const [mode, setMode] = useState<Choice>(current.mode);
  const [timer, setTimer] = useState<TimerName>(
    (current.mode !== 'off' ? timerNameOf(current.seconds) : undefined) ?? DEFAULT_TIMER['after-send'],
  );

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const modes: Choice[] = conversation.noteToSelf
    ? ['off', 'after-send']
    : ['off', 'after-send', 'after-read'];
  const timers = mode === 'off' ? [] : TIMERS_FOR_MODE[mode];
  const chosen: DisappearingSetting =
    mode === 'off' ? { mode: 'off' } : { mode, seconds: TIMER_SECONDS[timer] };

  return (
    <dialog
      ref={ref}
      className="message-info disappearing-dialog"
      data-testid="disappearing-dialog"
      aria-labelledby="disappearing-title"
      onClose={onClose}
    >
      <h2 id="disappearing-title">{t('messaging.disappearing.title')}</h2>
      <p className="field-help">
        {conversation.noteToSelf
          ? t('messaging.disappearing.noteToSelf')
          : t('messaging.disappearing.explain')}
      </p>
      <ChoiceGroup<Choice>
        name="disappearing-mode"
        legend={t('messaging.disappearing.mode')}
        value={mode}
        options={modes.map((m) => ({ value: m, label: t(`messaging.disappearing.${m}`) }))}
        onChange={(m) => {
          setMode(m);
          // Keep the chosen timer when the new mode offers it, else Session's default.
          if (m !== 'off' && !TIMERS_FOR_MODE[m].includes(timer)) setTimer(DEFAULT_TIMER[m]);
        }}
      />
      {mode !== 'off' && (
        <ChoiceGroup<TimerName>
          name="disappearing-timer"
          legend={t('messaging.disappearing.timer')}
          value={timer}
          options={timers.map((n) => ({ value: n, label: t(`messaging.disappearing.timers.${n}`) }))}
          onChange={setTimer}
        />
      )}
      <div className="message-info-actions">
        <button
          type="button"
          className="button"
          data-testid="disappearing-cancel"
          onClick={() => ref.current?.close()}
        >
          {t('messaging.disappearing.cancel')}
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="disappearing-save"
          onClick={() => {
            void save(conversation.id, chosen);
            ref.current?.close();
          }}
        >
          {t('messaging.disappearing.save')}
        </button>
      </div>
    </dialog>
  );
}
