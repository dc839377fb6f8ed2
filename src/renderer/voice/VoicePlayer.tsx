import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../shared/ipc/attachments';
import type { Message } from '../../shared/ipc/messaging';
import { PauseIcon, PlayIcon } from '../attachments/AttachmentIcons';
import { formatDuration } from '../attachments/kinds';
import { TransferStatus } from '../attachments/TransferStatus';
import { useAttachmentBlob, useInView } from '../attachments/useAttachmentUrl';
import { usePlayback } from './playback';
import { useWaveform, WAVEFORM_BARS } from './useWaveform';

const SPEEDS = [1, 1.5, 2] as const;
/** How far an arrow key seeks. */
const STEP_SECONDS = 5;

/**
 * A voice message: play/pause, a waveform that is also the seek bar (click, or ← → Home End when
 * it has the focus), the time, and the speed (1×, 1.5×, 2×). When it ends, the next voice message
 * of the conversation plays.
 */
export function VoicePlayer({
  attachment,
  message,
}: {
  readonly attachment: Attachment;
  readonly message: Message;
}) {
  const { t, i18n } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const inView = useInView(box);
  const ready = attachment.state === 'ready';
  const loaded = useAttachmentBlob(attachment, 'file', inView && ready);
  const shape = useWaveform(loaded?.blob);
  const [time, setTime] = useState(0);
  const [playingNow, setPlayingNow] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(1);
  const playing = usePlayback((s) => s.playing);
  const queued = usePlayback((s) => s.queued);
  const duration = shape?.seconds ?? 0;
  const id = attachment.id;

  // One voice message at a time: another one starting pauses this one.
  useEffect(() => {
    if (playing !== undefined && playing !== id) audio.current?.pause();
  }, [playing, id]);

  // Autoplay: the previous voice message ended and this one is next.
  useEffect(() => {
    if (queued === id && loaded !== undefined && audio.current) {
      usePlayback.getState().take(id);
      void audio.current.play();
    }
  }, [queued, id, loaded]);

  useEffect(() => {
    if (audio.current) audio.current.playbackRate = speed;
  }, [speed, loaded]);

  if (!ready) {
    return (
      <div className="voice-player" ref={box} data-testid="voice-message" data-state={attachment.state}>
        <TransferStatus attachment={attachment} message={message} />
      </div>
    );
  }

  const seek = (to: number) => {
    const el = audio.current;
    if (!el || duration <= 0) return;
    el.currentTime = Math.max(0, Math.min(duration, to));
    setTime(el.currentTime);
  };
  const onWaveClick = (e: MouseEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const ratio = (e.clientX - rect.left) / rect.width;
    seek((document.documentElement.dir === 'rtl' ? 1 - ratio : ratio) * duration);
  };
  const onWaveKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowRight: time + STEP_SECONDS,
      ArrowUp: time + STEP_SECONDS,
      ArrowLeft: time - STEP_SECONDS,
      ArrowDown: time - STEP_SECONDS,
      Home: 0,
      End: duration,
    };
    const to = moves[e.key];
    if (to === undefined) return;
    e.preventDefault();
    seek(to);
  };
  const played = duration > 0 ? Math.round((time / duration) * WAVEFORM_BARS) : 0;
  const peaks = shape?.peaks ?? new Array<number>(WAVEFORM_BARS).fill(0);
  const speedText = new Intl.NumberFormat(i18n.language).format(speed);

  return (
    <div
      className="voice-player"
      ref={box}
      data-testid="voice-message"
      data-state="ready"
      data-playing={playingNow}
    >
      {loaded && (
        <audio
          ref={audio}
          src={loaded.url}
          preload="auto"
          data-testid="voice-audio"
          onPlay={() => {
            setPlayingNow(true);
            usePlayback.getState().started(id);
          }}
          onPause={() => {
            setPlayingNow(false);
            usePlayback.getState().paused(id);
          }}
          onTimeUpdate={(e) => {
            setTime(e.currentTarget.currentTime);
          }}
          onEnded={() => {
            setPlayingNow(false);
            setTime(0);
            usePlayback.getState().ended(message.conversationId, id);
          }}
        />
      )}
      <button
        type="button"
        className="voice-play"
        data-testid="voice-play"
        aria-label={playingNow ? t('voice.pause') : t('voice.play')}
        disabled={loaded === undefined}
        onClick={() => {
          const el = audio.current;
          if (!el) return;
          if (el.paused) void el.play();
          else el.pause();
        }}
      >
        {playingNow ? <PauseIcon /> : <PlayIcon />}
      </button>
      <div
        className="voice-wave"
        role="slider"
        tabIndex={0}
        data-testid="voice-wave"
        aria-label={t('voice.position')}
        aria-valuemin={0}
        aria-valuemax={Math.round(duration)}
        aria-valuenow={Math.round(time)}
        aria-valuetext={t('voice.positionText', {
          time: formatDuration(time),
          duration: formatDuration(duration),
        })}
        onClick={onWaveClick}
        onKeyDown={onWaveKey}
      >
        {peaks.map((p, i) => (
          <span
            // Bars never move or reorder: their index is their identity.
            key={i}
            className={`voice-bar${i < played ? ' voice-bar-played' : ''}`}
            style={{ height: `${Math.max(8, Math.round(p * 100))}%` }}
          />
        ))}
      </div>
      <span className="voice-time" data-testid="voice-time">
        {formatDuration(playingNow || time > 0 ? time : duration)}
      </span>
      <button
        type="button"
        className="voice-speed"
        data-testid="voice-speed"
        aria-label={t('voice.speed', { speed: speedText })}
        onClick={() => {
          setSpeed((s) => SPEEDS[(SPEEDS.indexOf(s) + 1) % SPEEDS.length] ?? 1);
        }}
      >
        {t('voice.speedShort', { speed: speedText })}
      </button>
    </div>
  );
}
