import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Protection } from '../../shared/ipc/account';
import { IDLE_LOCK_MINUTES, type IdleLockMinutes } from '../../shared/ipc/system';
import { describeError } from '../account/errors';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { useApp } from '../store';
import { useSystemSettings } from './useSystemSettings';

const LABEL_KEYS: Readonly<Record<IdleLockMinutes, string>> = {
  0: 'lock.idleOff',
  1: 'lock.idle1',
  5: 'lock.idle5',
  15: 'lock.idle15',
  60: 'lock.idle60',
};

/** Lock now and the idle lock: offered only with a password, which is what unlocks again. */
export function LockCard({ protection }: { readonly protection: Protection }) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const [settings, update] = useSystemSettings();
  const [error, setError] = useState<string | undefined>(undefined);

  async function lockNow() {
    const r = await bridge?.invoke('account.lock', {});
    if (r && !r.ok) setError(describeError(t, r.error));
  }

  return (
    <div className="card" data-testid="lock-card">
      <h3 className="card-title">{t('lock.title')}</h3>
      {protection !== 'password' ? (
        <p className="field-help">{t('lock.needsPassword')}</p>
      ) : (
        <>
          {settings && (
            <ChoiceGroup
              name="idle-lock"
              legend={t('lock.idle')}
              value={String(settings.idleLockMinutes)}
              options={IDLE_LOCK_MINUTES.map((m) => ({ value: String(m), label: t(LABEL_KEYS[m]) }))}
              onChange={(v) => {
                const minutes = IDLE_LOCK_MINUTES.find((m) => String(m) === v);
                if (minutes !== undefined) update({ idleLockMinutes: minutes });
              }}
            />
          )}
          <p className="field-help">{t('lock.idleHelp')}</p>
          <button
            type="button"
            className="button lock-now"
            data-testid="lock-now"
            onClick={() => void lockNow()}
          >
            {t('lock.lockNow')}
          </button>
        </>
      )}
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
