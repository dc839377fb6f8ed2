import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '../../shared/ipc/account';
import { describeError } from '../account/errors';
import { useApp } from '../store';

/** The rule main enforces for a new password (checked here too, to answer before a round trip). */
const PASSWORD_MIN = 6;
const PASSWORD_MAX = 256;

type Mode = 'idle' | 'change' | 'remove';

function PasswordField({
  label,
  value,
  onChange,
  autoComplete,
  testId,
}: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly autoComplete: 'current-password' | 'new-password';
  readonly testId?: string;
}) {
  return (
    <label className={autoComplete === 'current-password' ? 'field field-current' : 'field'}>
      <span className="field-label">{label}</span>
      <input
        className="text-input"
        type="password"
        autoComplete={autoComplete}
        value={value}
        data-testid={testId}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
    </label>
  );
}

/**
 * Says plainly how the keys on this computer are protected, and sets, changes or removes the
 * password. With a password set, changing or removing it asks for the current one: an unlocked
 * window left alone must not let someone else take the account over.
 */
export function ProtectionCard({
  summary,
  onChange,
}: {
  readonly summary: AccountSummary;
  readonly onChange: (s: AccountSummary) => void;
}) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const hasPassword = summary.protection === 'password';
  const [mode, setMode] = useState<Mode>('idle');
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [changed, setChanged] = useState(false);

  function reset(next: Mode) {
    setMode(next);
    setCurrent('');
    setPassword('');
    setRepeat('');
    setError(undefined);
  }

  async function setNewPassword(e: SubmitEvent) {
    e.preventDefault();
    const length = Array.from(password.normalize('NFC')).length;
    const problem =
      hasPassword && current === ''
        ? t('reasons.password.needed')
        : length < PASSWORD_MIN
          ? t('account.passwordTooShort')
          : length > PASSWORD_MAX
            ? t('account.passwordTooLong')
            : password !== repeat
              ? t('account.passwordMismatch')
              : undefined;
    if (problem !== undefined) {
      setError(problem);
      return;
    }
    const r = await bridge?.invoke(
      'account.setPassword',
      hasPassword ? { password, currentPassword: current } : { password },
    );
    if (r?.ok) {
      setChanged(hasPassword);
      reset('idle');
      onChange(r.value);
    } else if (r) setError(describeError(t, r.error));
  }

  async function removePassword(e: SubmitEvent) {
    e.preventDefault();
    if (current === '') {
      setError(t('reasons.password.needed'));
      return;
    }
    const r = await bridge?.invoke('account.removePassword', { currentPassword: current });
    if (r?.ok) {
      setChanged(false);
      reset('idle');
      onChange(r.value);
    } else if (r) setError(describeError(t, r.error));
  }

  const currentField = (
    <PasswordField
      label={t('account.currentPassword')}
      value={current}
      onChange={setCurrent}
      autoComplete="current-password"
      testId="current-password"
    />
  );
  const cancel = (
    <button
      type="button"
      className="button button-quiet"
      onClick={() => {
        reset('idle');
      }}
    >
      {t('lock.cancel')}
    </button>
  );

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
        <p className="field-help password-changed" role="status" data-testid="password-changed">
          {t('lock.passwordChanged')}
        </p>
      )}
      {hasPassword && mode === 'idle' && (
        <div className="contact-actions">
          <button
            type="button"
            className="button"
            data-testid="change-password"
            onClick={() => {
              reset('change');
              setChanged(false);
            }}
          >
            {t('lock.changePassword')}
          </button>
          <button
            type="button"
            className="button"
            data-testid="remove-password"
            onClick={() => {
              reset('remove');
              setChanged(false);
            }}
          >
            {t('account.removePassword')}
          </button>
        </div>
      )}
      {hasPassword && mode === 'remove' && (
        <form className="password-form" onSubmit={(e) => void removePassword(e)}>
          <p className="field-help">{t('account.removePasswordExplain')}</p>
          {currentField}
          <div className="form-actions">
            <button type="submit" className="button" data-testid="submit-remove-password">
              {t('account.removePassword')}
            </button>
            {cancel}
          </div>
        </form>
      )}
      {(!hasPassword || mode === 'change') && (
        <form className="password-form" onSubmit={(e) => void setNewPassword(e)}>
          {hasPassword && currentField}
          <PasswordField
            label={t('account.newPassword')}
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
          />
          <PasswordField
            label={t('account.repeatPassword')}
            value={repeat}
            onChange={setRepeat}
            autoComplete="new-password"
          />
          <div className="form-actions">
            <button type="submit" className="button" data-testid="submit-password">
              {hasPassword ? t('lock.changePassword') : t('account.setPassword')}
            </button>
            {hasPassword && cancel}
          </div>
        </form>
      )}
      {error !== undefined && (
        <p className="field-error" role="alert" data-testid="protection-error">
          {error}
        </p>
      )}
    </div>
  );
}
