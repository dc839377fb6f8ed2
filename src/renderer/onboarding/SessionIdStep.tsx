import { useTranslation } from 'react-i18next';
import { SessionIdCard } from '../account/SessionIdCard';

export function SessionIdStep({
  sessionId,
  onNext,
}: {
  readonly sessionId: string;
  readonly onNext: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="onboarding-body">
      <h1 className="onboarding-title">{t('onboarding.idTitle')}</h1>
      <p className="onboarding-text">{t('onboarding.idBody')}</p>
      <SessionIdCard sessionId={sessionId} />
      <div className="onboarding-actions">
        <span />
        <button type="button" className="button button-primary" data-testid="id-next" onClick={onNext}>
          {t('onboarding.continue')}
        </button>
      </div>
    </div>
  );
}
