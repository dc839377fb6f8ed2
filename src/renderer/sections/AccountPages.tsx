import { useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/ipc/account';
import { AvatarCard } from '../account/AvatarCard';
import { NameCard } from '../account/NameCard';
import { describeError } from '../account/errors';
import { PhraseWords } from '../recovery-phrase/PhraseWords';
import { SessionIdCard } from '../account/SessionIdCard';
import { LockCard } from '../security/LockCard';
import { ProtectionCard } from '../security/ProtectionCard';
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

/**
 * The recovery password, shown only when the user explicitly asks for it — and, with a password
 * set, only once it is typed again (main checks it: someone at an unlocked window does not know it).
 */
export function RecoveryPage() {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const [summary] = useSummary();
  const [phrase, setPhrase] = useState<string | undefined>(undefined);
  const [current, setCurrent] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const needsPassword = summary?.protection === 'password';

  async function reveal(e: SubmitEvent) {
    e.preventDefault();
    if (needsPassword && current === '') {
      setError(t('reasons.password.needed'));
      return;
    }
    const r = await bridge?.invoke('account.revealPhrase', needsPassword ? { currentPassword: current } : {});
    setCurrent('');
    if (r?.ok) {
      setPhrase(r.value.phrase);
      setError(undefined);
    } else if (r) setError(describeError(t, r.error));
  }

  return (
    <section className="settings-page" aria-labelledby="settings-page-title">
      <h2 id="settings-page-title" className="settings-page-title">
        {t('settings.recovery')}
      </h2>
      <div className="card">
        <p className="card-text">{t('account.recoveryExplain')}</p>
        {phrase === undefined ? (
          summary && (
            <form className="reveal-form" onSubmit={(e) => void reveal(e)}>
              {needsPassword && (
                <label className="field">
                  <span className="field-label">{t('account.revealAskPassword')}</span>
                  <input
                    className="text-input"
                    type="password"
                    autoComplete="current-password"
                    data-testid="reveal-password"
                    value={current}
                    onChange={(e) => {
                      setCurrent(e.target.value);
                    }}
                  />
                </label>
              )}
              <button type="submit" className="button button-primary" data-testid="reveal-phrase">
                {t('account.revealPhrase')}
              </button>
            </form>
          )
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
          <p className="field-error" role="alert" data-testid="reveal-error">
            {error}
          </p>
        )}
      </div>
    </section>
  );
}
