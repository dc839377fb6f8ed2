import { useEffect, useMemo, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PhraseWords } from './PhraseWords';
import { describeError } from '../account/errors';
import { useApp } from '../store';
import { backupWordMatches } from './backup-check';

/** Shows the recovery password (asked from main only now, on this explicit step). */
export function BackupStep({ onNext }: { readonly onNext: (phrase: string) => void }) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const [phrase, setPhrase] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    if (!bridge) return;
    void bridge.invoke('account.revealPhrase', {}).then((r) => {
      if (r.ok) setPhrase(r.value.phrase);
      else setError(describeError(t, r.error));
    });
  }, [bridge, t]);

  return (
    <div className="onboarding-body">
      <h1 className="onboarding-title">{t('onboarding.backupTitle')}</h1>
      <p className="onboarding-text">{t('onboarding.backupBody')}</p>
      {phrase !== undefined && <PhraseWords phrase={phrase} />}
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="notice">{t('onboarding.backupWarning')}</p>
      <div className="onboarding-actions">
        <span />
        <button
          type="button"
          className="button button-primary"
          data-testid="backup-next"
          disabled={phrase === undefined}
          onClick={() => {
            if (phrase !== undefined) onNext(phrase);
          }}
        >
          {t('onboarding.backupDone')}
        </button>
      </div>
    </div>
  );
}

/** Two positions drawn at random, different each time, always in order. */
function pickPositions(count: number): [number, number] {
  const a = Math.floor(Math.random() * count);
  let b = Math.floor(Math.random() * (count - 1));
  if (b >= a) b++;
  return a < b ? [a, b] : [b, a];
}

/** Checks the backup: the user types two words of the phrase, by position. */
export function ConfirmStep({
  phrase,
  onBack,
  onDone,
}: {
  readonly phrase: string;
  readonly onBack: () => void;
  readonly onDone: () => void;
}) {
  const { t } = useTranslation();
  const words = useMemo(() => phrase.split(' '), [phrase]);
  const positions = useMemo(() => pickPositions(words.length), [words]);
  const [answers, setAnswers] = useState(['', '']);
  const [wrong, setWrong] = useState(false);

  function submit(e: SubmitEvent) {
    e.preventDefault();
    const ok = positions.every((p, i) => backupWordMatches(words[p] ?? '', answers[i] ?? ''));
    setWrong(!ok);
    if (ok) onDone();
  }

  return (
    <form className="onboarding-body" onSubmit={submit} noValidate>
      <h1 className="onboarding-title">{t('onboarding.confirmTitle')}</h1>
      <p className="onboarding-text" id="confirm-help">
        {t('onboarding.confirmBody')}
      </p>
      <div className="confirm-fields">
        {positions.map((p, i) => (
          <label key={p} className="field">
            <span className="field-label">{t('onboarding.wordNumber', { position: p + 1 })}</span>
            <input
              aria-describedby={wrong ? 'confirm-help confirm-error' : 'confirm-help'}
              className="text-input"
              data-testid={`confirm-word-${i}`}
              data-position={p + 1}
              value={answers[i]}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={wrong}
              onChange={(e) => {
                const next = [...answers];
                next[i] = e.target.value;
                setAnswers(next);
                setWrong(false);
              }}
            />
          </label>
        ))}
      </div>
      {wrong && (
        <p className="field-error" role="alert" id="confirm-error" data-testid="confirm-error">
          {t('onboarding.confirmWrong')}
        </p>
      )}
      <div className="onboarding-actions">
        <button type="button" className="button button-quiet" onClick={onBack}>
          {t('onboarding.showAgain')}
        </button>
        <button type="submit" className="button button-primary" data-testid="confirm-submit">
          {t('onboarding.confirmSubmit')}
        </button>
      </div>
    </form>
  );
}
