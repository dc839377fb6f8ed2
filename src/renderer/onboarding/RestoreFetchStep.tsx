import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../shared/ipc/result';
import { describeError } from '../account/errors';
import { useApp } from '../store';

/** Desktop's `ONBOARDING_TIMES.RECOVERY_TIMEOUT`: the core gives up after this long. */
const MAX_SECONDS = 15;

interface RestoreFetchStepProps {
  readonly phrase: string;
  readonly onBack: () => void;
  /** The swarm had a display name: restore with it; returns an error to show, if any. */
  readonly onFound: (displayName: string) => Promise<IpcError | undefined>;
  /** Nothing found in time: ask for a name. */
  readonly onNotFound: () => void;
}

/**
 * Restore, after the phrase: the core looks for the account's profile in its swarm (up to 15 s)
 * while this shows how long it has been looking.
 */
export function RestoreFetchStep({ phrase, onBack, onFound, onNotFound }: RestoreFetchStepProps) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const [elapsed, setElapsed] = useState(0);
  const [error, setError] = useState<string | undefined>(undefined);
  // The callbacks change on every render of the parent; the lookup must run once per phrase.
  const handlers = useRef({ onFound, onNotFound, t });
  useEffect(() => {
    handlers.current = { onFound, onNotFound, t };
  });

  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => {
      setElapsed(Math.min(MAX_SECONDS, (Date.now() - started) / 1000));
    }, 250);
    return () => {
      clearInterval(timer);
    };
  }, []);

  useEffect(() => {
    if (!bridge) return;
    // An object, so that the async work sees the cleanup's write.
    const run = { live: true };
    void (async () => {
      const r = await bridge.invoke('account.fetchProfile', { phrase });
      if (!run.live) return;
      const h = handlers.current;
      if (!r.ok) {
        setError(describeError(h.t, r.error));
        return;
      }
      if (r.value.displayName === null) {
        h.onNotFound();
        return;
      }
      const failure = await h.onFound(r.value.displayName);
      if (failure && (run.live as boolean)) setError(describeError(h.t, failure));
    })();
    return () => {
      run.live = false;
    };
  }, [bridge, phrase]);

  return (
    <div className="onboarding-body" data-testid="restore-fetch">
      <h1 className="onboarding-title">{t('onboarding.restoreFetchTitle')}</h1>
      <p className="onboarding-text">{t('onboarding.restoreFetchBody')}</p>
      <progress
        className="progress"
        max={MAX_SECONDS}
        value={elapsed}
        aria-label={t('onboarding.restoreFetchTitle')}
      />
      <p
        className={error ? 'field-error' : 'field-help'}
        role={error ? 'alert' : 'status'}
        aria-live="polite"
        data-testid="restore-fetch-status"
      >
        {error ?? t('onboarding.restoreFetchWaiting', { seconds: Math.floor(elapsed), max: MAX_SECONDS })}
      </p>
      <div className="onboarding-actions">
        <button type="button" className="button button-quiet" onClick={onBack}>
          {t('onboarding.back')}
        </button>
      </div>
    </div>
  );
}
