import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/ipc/account';
import { DISPLAY_NAME_MAX } from '../onboarding/NameStep';
import { useApp } from '../store';
import { describeError } from './errors';

/**
 * Settings → Account: the display name, changed in place. Main checks it again (1–100
 * characters) and sends it on: to our other devices through config sync, to contacts with our
 * next message — which the explanation says, so nobody expects contacts to see it at once.
 */
export function NameCard({
  summary,
  onChange,
}: {
  readonly summary: AccountSummary;
  readonly onChange: (s: AccountSummary) => void;
}) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const length = Array.from(name.trim()).length;

  function start() {
    setName(summary.displayName ?? '');
    setError(undefined);
    setSaved(false);
    setEditing(true);
  }

  async function save(e: SubmitEvent) {
    e.preventDefault();
    if (length === 0) {
      setError(t('reasons.name.empty'));
      return;
    }
    if (!bridge) return;
    setBusy(true);
    const r = await bridge.invoke('account.setDisplayName', { displayName: name });
    setBusy(false);
    if (r.ok) {
      onChange(r.value);
      setEditing(false);
      setSaved(true);
    } else setError(describeError(t, r.error));
  }

  return (
    <div className="card" data-testid="name-card">
      <h3 className="card-title">{t('account.nameTitle')}</h3>
      <p className="card-text">{t('account.nameExplain')}</p>
      {editing ? (
        <form className="nickname-form" onSubmit={(e) => void save(e)} noValidate>
          <label className="field">
            <span className="field-label">{t('onboarding.nameLabel')}</span>
            <input
              className="text-input"
              data-testid="name-input"
              value={name}
              maxLength={DISPLAY_NAME_MAX * 2}
              autoComplete="off"
              spellCheck={false}
              dir="auto"
              aria-invalid={error !== undefined}
              aria-describedby="account-name-help"
              onChange={(e) => {
                setName(e.target.value);
                setError(undefined);
              }}
              autoFocus
            />
            <span
              id="account-name-help"
              className={error ? 'field-error' : 'field-help'}
              role={error ? 'alert' : undefined}
              data-testid={error ? 'name-error' : undefined}
            >
              {error ?? t('onboarding.nameHelp', { length, max: DISPLAY_NAME_MAX })}
            </span>
          </label>
          <div className="contact-actions">
            <button type="submit" className="button button-primary" data-testid="name-save" disabled={busy}>
              {t('account.saveName')}
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setEditing(false);
                setError(undefined);
              }}
            >
              {t('account.cancelName')}
            </button>
          </div>
        </form>
      ) : (
        <div className="name-card-row">
          <p className="name-card-value user-text" dir="auto" data-testid="name-value">
            {summary.displayName ?? t('account.noName')}
          </p>
          <button type="button" className="button" data-testid="name-edit" onClick={start}>
            {t('account.editName')}
          </button>
        </div>
      )}
      {saved && (
        <p className="field-help" role="status" data-testid="name-saved">
          {t('account.nameSaved')}
        </p>
      )}
    </div>
  );
}
