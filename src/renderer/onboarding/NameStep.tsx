import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../shared/ipc/result';
import { describeError } from '../account/errors';

export const DISPLAY_NAME_MAX = 100;

interface NameStepProps {
  readonly title: string;
  readonly body: string;
  readonly submitLabel: string;
  readonly onBack: () => void;
  /** Returns an error to show, or nothing when the step is done. */
  readonly onSubmit: (displayName: string) => Promise<IpcError | undefined>;
}

export function NameStep({ title, body, submitLabel, onBack, onSubmit }: NameStepProps) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const length = Array.from(name.trim()).length;

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (length === 0) {
      setError(t('reasons.name.empty'));
      return;
    }
    setBusy(true);
    const failure = await onSubmit(name);
    setBusy(false);
    setError(failure ? describeError(t, failure) : undefined);
  }

  return (
    <form className="onboarding-body" onSubmit={(e) => void submit(e)} noValidate>
      <h1 className="onboarding-title">{title}</h1>
      <p className="onboarding-text">{body}</p>
      <label className="field">
        <span className="field-label">{t('onboarding.nameLabel')}</span>
        <input
          className="text-input"
          data-testid="display-name"
          value={name}
          maxLength={DISPLAY_NAME_MAX * 2}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error !== undefined}
          aria-describedby="name-help"
          onChange={(e) => {
            setName(e.target.value);
            setError(undefined);
          }}
          autoFocus
        />
        <span
          id="name-help"
          className={error ? 'field-error' : 'field-help'}
          role={error ? 'alert' : undefined}
        >
          {error ?? t('onboarding.nameHelp', { length, max: DISPLAY_NAME_MAX })}
        </span>
      </label>
      <div className="onboarding-actions">
        <button type="button" className="button button-quiet" onClick={onBack}>
          {t('onboarding.back')}
        </button>
        <button type="submit" className="button button-primary" data-testid="name-submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
