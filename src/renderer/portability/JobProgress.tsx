import { useTranslation } from 'react-i18next';

/** A progress bar with its percentage in words, announced politely, and a Cancel button when the work can stop. */
export function JobProgress({
  label,
  done,
  total,
  onCancel,
  testId,
}: {
  readonly label: string;
  readonly done: number;
  readonly total: number;
  readonly onCancel?: () => void;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  return (
    <div className="portability-progress" data-testid={testId}>
      <label className="field-label" htmlFor={`${testId}-bar`}>
        {label}
      </label>
      <div className="portability-progress-row">
        <progress id={`${testId}-bar`} className="progress portability-bar" max={100} value={percent} />
        <output className="portability-percent" aria-live="polite" data-testid={`${testId}-percent`}>
          {t('portability.percent', { percent })}
        </output>
      </div>
      {onCancel && (
        <button type="button" className="button" onClick={onCancel} data-testid={`${testId}-cancel`}>
          {t('portability.cancel')}
        </button>
      )}
    </div>
  );
}
