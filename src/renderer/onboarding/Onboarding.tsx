import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusOnArrival } from '../components/focus';
import { VeilMark } from '../components/Icons';
import { useApp } from '../store';
import { BackupStep, ConfirmStep } from '../recovery-phrase/BackupSteps';
import { NameStep } from './NameStep';
import { RestoreFetchStep } from './RestoreFetchStep';
import { RestoreStep } from './RestoreStep';
import { SessionIdStep } from './SessionIdStep';
import { ImportStep } from '../portability/ImportStep';

type Step =
  | { readonly kind: 'welcome' }
  | { readonly kind: 'create-name' }
  | { readonly kind: 'created'; readonly sessionId: string }
  | { readonly kind: 'backup' }
  | { readonly kind: 'confirm'; readonly phrase: string }
  | { readonly kind: 'restore' }
  | { readonly kind: 'import' }
  | { readonly kind: 'restore-fetch'; readonly phrase: string }
  | { readonly kind: 'restore-name'; readonly phrase: string };

/** First start: create an account (name → Session ID → recovery password → check) or restore one. */
export function Onboarding() {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'welcome' });
  const finish = useApp((s) => s.finishOnboarding);
  const bridge = useApp((s) => s.bridge);
  const card = useRef<HTMLDivElement>(null);
  // Each step starts with focus on its first field, or on its heading: never on <body>.
  useFocusOnArrival(card, step.kind);

  return (
    <main className="onboarding" data-testid={`onboarding-${step.kind}`}>
      <div className="onboarding-card" ref={card}>
        <div className="onboarding-brand">
          <VeilMark size={40} />
          <span className="onboarding-brand-name">{t('app.name')}</span>
        </div>
        {step.kind === 'welcome' && (
          <div className="onboarding-body">
            <h1 className="onboarding-title">{t('onboarding.welcomeTitle')}</h1>
            <p className="onboarding-text">{t('onboarding.welcomeBody')}</p>
            <div className="onboarding-actions onboarding-actions-stack">
              <button
                type="button"
                className="button button-primary button-large"
                data-testid="start-create"
                onClick={() => {
                  setStep({ kind: 'create-name' });
                }}
              >
                {t('onboarding.create')}
              </button>
              <button
                type="button"
                className="button button-large"
                data-testid="start-restore"
                onClick={() => {
                  setStep({ kind: 'restore' });
                }}
              >
                {t('onboarding.restore')}
              </button>
              <button
                type="button"
                className="button button-large"
                data-testid="start-import"
                onClick={() => {
                  setStep({ kind: 'import' });
                }}
              >
                {t('onboarding.importProfile')}
              </button>
            </div>
          </div>
        )}
        {step.kind === 'create-name' && (
          <NameStep
            title={t('onboarding.nameTitle')}
            body={t('onboarding.nameBody')}
            submitLabel={t('onboarding.createSubmit')}
            onBack={() => {
              setStep({ kind: 'welcome' });
            }}
            onSubmit={async (displayName) => {
              if (!bridge) return undefined;
              const r = await bridge.invoke('account.create', { displayName });
              if (!r.ok) return r.error;
              setStep({ kind: 'created', sessionId: r.value.sessionId });
              return undefined;
            }}
          />
        )}
        {step.kind === 'created' && (
          <SessionIdStep
            sessionId={step.sessionId}
            onNext={() => {
              setStep({ kind: 'backup' });
            }}
          />
        )}
        {step.kind === 'backup' && (
          <BackupStep
            onNext={(phrase) => {
              setStep({ kind: 'confirm', phrase });
            }}
          />
        )}
        {step.kind === 'confirm' && (
          <ConfirmStep
            phrase={step.phrase}
            onBack={() => {
              setStep({ kind: 'backup' });
            }}
            onDone={() => void finish()}
          />
        )}
        {step.kind === 'import' && (
          <ImportStep
            onBack={() => {
              setStep({ kind: 'welcome' });
            }}
            onDone={() => void finish()}
          />
        )}
        {step.kind === 'restore' && (
          <RestoreStep
            onBack={() => {
              setStep({ kind: 'welcome' });
            }}
            onNext={(phrase) => {
              setStep({ kind: 'restore-fetch', phrase });
            }}
          />
        )}
        {step.kind === 'restore-fetch' && (
          <RestoreFetchStep
            phrase={step.phrase}
            onBack={() => {
              setStep({ kind: 'restore' });
            }}
            onNotFound={() => {
              setStep({ kind: 'restore-name', phrase: step.phrase });
            }}
            onFound={async (displayName) => {
              if (!bridge) return undefined;
              const r = await bridge.invoke('account.restore', { phrase: step.phrase, displayName });
              if (!r.ok) return r.error;
              await finish();
              return undefined;
            }}
          />
        )}
        {step.kind === 'restore-name' && (
          <NameStep
            title={t('onboarding.restoreNameTitle')}
            body={t('onboarding.restoreNotFoundBody')}
            submitLabel={t('onboarding.restoreSubmit')}
            onBack={() => {
              setStep({ kind: 'restore' });
            }}
            onSubmit={async (displayName) => {
              if (!bridge) return undefined;
              const r = await bridge.invoke('account.restore', { phrase: step.phrase, displayName });
              if (!r.ok) return r.error;
              await finish();
              return undefined;
            }}
          />
        )}
      </div>
    </main>
  );
}
