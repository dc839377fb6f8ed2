import { useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/ipc/account';
import { AvatarCard } from '../account/AvatarCard';
import { NameCard } from '../account/NameCard';
import { describeError } from '../account/errors';
import { PhraseWords } from '../account/PhraseWords';
import { SessionIdCard } from '../account/SessionIdCard';
import { LockCard } from '../security/LockCard';
import { useApp } from '../store';

function useSummary(): [AccountSummary | undefined, (s: AccountSummary) => void] {
  const bridge = useApp((s) => s.bridge);
  const [summary, setSummary] = useState<AccountSummary | undefined>(undefined);
  useEffect(() => {
    void bridge?.invoke('account.show', {}).then((r) => {
      if (r.ok) setSummary(r.value);
    });
  }, [bridge]);
  return [summary, setSummary];
}

export function AccountPage() {
  const { t } = useTranslation();
  const [summary, setSummary] = useSummary();
  return (
    <section className="settings-page" aria-labelledby="settings-page-title">
      <h2 id="settings-page-title" className="settings-page-title">
        {t('settings.account')}
      </h2>
      {summary && (
        <>
          <div className="card">
            <h3 className="card-title" dir="auto" data-testid="account-heading">
              {summary.displayName ?? t('account.noName')}
            </h3>
            <p className="card-text">{t('account.idExplain')}</p>
            <SessionIdCard sessionId={summary.sessionId} />
          </div>
          <NameCard summary={summary} onChange={setSummary} />
          <AvatarCard sessionId={summary.sessionId} name={summary.displayName} />
          <ProtectionCard summary={summary} onChange={setSummary} />
          <LockCard protection={summary.protection} />
        </>
      )}
    </section>
  );
}

/** Says plainly how the keys on this computer are protected, and lets the user add a password. */
function ProtectionCard({
  summary,
  onChange,
}: {
  readonly summary: AccountSummary;
  readonly onChange: (s: AccountSummary) => void;
}) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  // With a password already set, the same form changes it (the keys are unlocked right now).
  const [changing, setChanging] = useState(false);
  const [changed, setChanged] = useState(false);

  async function setNewPassword(e: SubmitEvent) {
    e.preventDefault();
    if (password.length < 6) {
      setError(t('account.passwordTooShort'));
      return;
    }
    if (password !== repeat) {
      setError(t('account.passwordMismatch'));
      return;
    }
    const r = await bridge?.invoke('account.setPassword', { password });
    if (r?.ok) {
      setChanged(summary.protection === 'password');
      setChanging(false);
      onChange(r.value);
      setPassword('');
      setRepeat('');
      setError(undefined);
    } else if (r) setError(describeError(t, r.error));
  }

  async function removePassword() {
    const r = await bridge?.invoke('account.removePassword', {});
    if (r?.ok) onChange(r.value);
    else if (r) setError(describeError(t, r.error));
  }

  return (
    <div className="card" data-testid="protection-card">
      <h3 className="card-title">{t('account.protectionTitle')}</h3>
      <p className={`protection protection-${summary.protection}`} data-testid="protection">
        {t(`account.protection.${summary.protection}`)}
      </p>
      {!summary.keychainAvailable && summary.protection !== 'password' && (
        <p className="field-help no-keychain" data-testid="no-keychain">
          {t('account.noKeychain')}
        </p>
      )}
      {changed && (
        <p className="field-help" role="status" data-testid="password-changed">
          {t('lock.passwordChanged')}
        </p>
      )}
      {summary.protection === 'password' && !changing ? (
        <div className="contact-actions">
          <button
            type="button"
            className="button"
            data-testid="change-password"
            onClick={() => {
              setChanging(true);
              setChanged(false);
            }}
          >
            {t('lock.changePassword')}
          </button>
          <button type="button" className="button" onClick={() => void removePassword()}>
            {t('account.removePassword')}
          </button>
        </div>
      ) : (
        <form className="password-form" onSubmit={(e) => void setNewPassword(e)}>
          <label className="field">
            <span className="field-label">{t('account.newPassword')}</span>
            <input
              className="text-input"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
              }}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('account.repeatPassword')}</span>
            <input
              className="text-input"
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => {
                setRepeat(e.target.value);
              }}
            />
          </label>
          <button type="submit" className="button" data-testid="submit-password">
            {summary.protection === 'password' ? t('lock.changePassword') : t('account.setPassword')}
          </button>
          {changing && (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setChanging(false);
                setPassword('');
                setRepeat('');
                setError(undefined);
              }}
            >
              {t('lock.cancel')}
            </button>
          )}
        </form>
      )}
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The recovery password, shown only when the user explicitly asks for it. */
export function RecoveryPage() {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const [phrase, setPhrase] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  async function reveal() {
    const r = await bridge?.invoke('account.revealPhrase', {});
    if (r?.ok) setPhrase(r.value.phrase);
    else if (r) setError(describeError(t, r.error));
  }

  return (
    <section className="settings-page" aria-labelledby="settings-page-title">
      <h2 id="settings-page-title" className="settings-page-title">
        {t('settings.recovery')}
      </h2>
      <div className="card">
        <p className="card-text">{t('account.recoveryExplain')}</p>
        {phrase === undefined ? (
          <button
            type="button"
            className="button button-primary"
            data-testid="reveal-phrase"
            onClick={() => void reveal()}
          >
            {t('account.revealPhrase')}
          </button>
        ) : (
          <>
            <PhraseWords phrase={phrase} />
            <button
              type="button"
              className="button button-quiet"
              data-testid="hide-phrase"
              onClick={() => {
                setPhrase(undefined);
              }}
            >
              {t('account.hidePhrase')}
            </button>
          </>
        )}
        {error !== undefined && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </section>
  );
}
