import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../account/errors';
import { useFocusOnArrival } from '../components/focus';
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
  const form = useRef<HTMLFormElement>(null);
  useFocusOnArrival(form, 'unlock');

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
    <main className="onboarding" data-testid="unlock">
      <form className="onboarding-card onboarding-body" ref={form} onSubmit={(e) => void submit(e)}>
        <div className="onboarding-brand">
          <VeilMark size={40} />
          <span className="onboarding-brand-name">{t('app.name')}</span>
        </div>
        <h1 className="onboarding-title">{t('unlock.title')}</h1>
        <p className="onboarding-text">{t('unlock.body')}</p>
        <div className="field">
          <label className="field-label" htmlFor="unlock-password">
            {t('unlock.password')}
          </label>
          <input
            id="unlock-password"
            className="text-input"
            type="password"
            data-testid="unlock-password"
            aria-describedby={error !== undefined ? 'unlock-error' : undefined}
            value={password}
            autoComplete="current-password"
            aria-invalid={error !== undefined}
            onChange={(e) => {
              setPassword(e.target.value);
              setError(undefined);
            }}
          />
          {error !== undefined && (
            <span id="unlock-error" className="field-error" role="alert">
              {error}
            </span>
          )}
        </div>
        <div className="onboarding-actions">
          <span />
          <button type="submit" className="button button-primary" disabled={busy || password === ''}>
            {t('unlock.submit')}
          </button>
        </div>
      </form>
    </main>
  );
}
