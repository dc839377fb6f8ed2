import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../account/errors';
import { VeilMark } from '../components/Icons';
import { useApp } from '../store';

/** Asked at start when the account's keys are protected by a password. */
export function UnlockScreen() {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const setAccount = useApp((s) => s.setAccount);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    if (!bridge) return;
    setBusy(true);
    const r = await bridge.invoke('account.unlock', { password });
    setBusy(false);
    if (r.ok) setAccount(r.value);
    else setError(describeError(t, r.error));
  }

  return (
    <div className="onboarding" data-testid="unlock">
      <form className="onboarding-card onboarding-body" onSubmit={(e) => void submit(e)}>
        <div className="onboarding-brand">
          <VeilMark size={40} />
          <span className="onboarding-brand-name">{t('app.name')}</span>
        </div>
        <h1 className="onboarding-title">{t('unlock.title')}</h1>
        <p className="onboarding-text">{t('unlock.body')}</p>
        <label className="field">
          <span className="field-label">{t('unlock.password')}</span>
          <input
            className="text-input"
            type="password"
            data-testid="unlock-password"
            value={password}
            autoComplete="current-password"
            aria-invalid={error !== undefined}
            onChange={(e) => {
              setPassword(e.target.value);
              setError(undefined);
            }}
          />
          {error !== undefined && (
            <span className="field-error" role="alert">
              {error}
            </span>
          )}
        </label>
        <div className="onboarding-actions">
          <span />
          <button type="submit" className="button button-primary" disabled={busy || password === ''}>
            {t('unlock.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
