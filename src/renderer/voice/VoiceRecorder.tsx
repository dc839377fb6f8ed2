import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { VOICE_MAX_SECONDS } from '../../shared/ipc/attachments';
import { formatDuration } from '../attachments/kinds';
import { CloseIcon, MicIcon } from '../attachments/AttachmentIcons';
import { useRecorder, type VoiceClip } from './useRecorder';

/** Held longer than this, the mic button records while held and sends on release. */
const HOLD_MS = 400;

/**
 * The microphone button and, while recording, the bar that replaces the text field: a red dot,
 * the time against the 5-minute limit, Cancel (or Esc) and Send. Click once to start and send with
 * the button; or hold the button, speak, and let go to send.
 */
export function VoiceRecorder({
  disabled,
  onClip,
  onActive,
}: {
  readonly disabled: boolean;
  readonly onClip: (clip: VoiceClip) => void;
  /** The composer hides its text field while the recorder's bar shows. */
  readonly onActive: (active: boolean) => void;
}) {
  const { t } = useTranslation();
  const { state, start, finish, cancel } = useRecorder(onClip);
  const pressedAt = useRef<number | undefined>(undefined);
  const sendRef = useRef<HTMLButtonElement>(null);
  const active = state.phase === 'recording' || state.phase === 'encoding';

  useEffect(() => {
    onActive(active);
  }, [active, onActive]);

  useEffect(() => {
    if (state.phase === 'recording') sendRef.current?.focus();
  }, [state.phase]);

  // Hold-to-record: the release may happen anywhere (the button under the pointer is replaced by
  // the recording bar), so it is heard on the window.
  function onPointerDown(e: React.PointerEvent) {
    if (e.button !== 0 || disabled) return;
    pressedAt.current = performance.now();
    void start();
    const up = () => {
      window.removeEventListener('pointerup', up);
      const held = pressedAt.current !== undefined && performance.now() - pressedAt.current > HOLD_MS;
      pressedAt.current = undefined;
      if (held) finish();
    };
    window.addEventListener('pointerup', up);
  }

  if (state.phase === 'recording') {
    return (
      <div
        className="voice-recording"
        data-testid="voice-recording"
        role="group"
        aria-label={t('voice.recording')}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            cancel();
          }
        }}
      >
        <span className="voice-dot" aria-hidden="true" />
        <span className="voice-timer" data-testid="voice-timer" role="timer" aria-live="off">
          {formatDuration(state.seconds)} / {formatDuration(VOICE_MAX_SECONDS)}
        </span>
        <span className="voice-hint">{t('voice.recordingHint')}</span>
        <button
          type="button"
          className="button button-quiet"
          data-testid="voice-cancel"
          aria-label={t('voice.cancel')}
          onClick={cancel}
        >
          <CloseIcon />
        </button>
        <button
          ref={sendRef}
          type="button"
          className="button button-primary"
          data-testid="voice-send"
          onClick={finish}
        >
          {t('voice.send')}
        </button>
      </div>
    );
  }
  if (state.phase === 'encoding') {
    return (
      <p className="voice-recording" role="status" data-testid="voice-encoding">
        {t('voice.encoding')}
      </p>
    );
  }
  return (
    <>
      {state.phase === 'error' && (
        <span className="field-error composer-limit" role="alert" data-testid="voice-error">
          {t(`voice.error.${state.error}`)}
        </span>
      )}
      <button
        type="button"
        className="icon-button composer-icon"
        data-testid="voice-record"
        aria-label={t('voice.record')}
        title={t('voice.recordHint')}
        disabled={disabled}
        onPointerDown={onPointerDown}
        onClick={(e) => {
          // From the keyboard (no pointer press before it): Enter or Space starts recording.
          if (e.detail === 0) void start();
        }}
      >
        <MicIcon />
      </button>
    </>
  );
}
