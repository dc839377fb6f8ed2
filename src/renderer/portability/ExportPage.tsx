import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store';
import { JobProgress } from './JobProgress';
import { PasswordField } from './PasswordField';
import { errorKey, saveExport, useJob } from './transfer';
import '../styles/portability.css';

const MIN_PASSWORD = 6;

/**
 * Settings → Export / import: the whole profile into one file encrypted under a password the user
 * chooses here (asked twice), with a progress bar and Cancel; then the file is saved with the
 * native dialog (Electron) or downloaded (browser). Importing happens in a new profile, from its
 * welcome screen: this page says so.
 */
export function ExportPage() {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);
  const [job, setJob, track] = useJob(bridge);

  async function start(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    if (Array.from(password).length < MIN_PASSWORD) {
      setProblem(t('portability.errors.password-too-short', { min: MIN_PASSWORD }));
      return;
    }
    if (password !== repeat) {
      setProblem(t('portability.passwordsDiffer'));
      return;
    }
    setProblem(undefined);
    const r = await bridge?.invoke('portability.exportStart', { password });
    if (!r) return;
    if (!r.ok) {
      setProblem(
        t(r.error.reason ?? 'portability.errors.io', {
          ...r.error.params,
          defaultValue: t('portability.errors.io'),
        }),
      );
      return;
    }
    setPassword('');
    setRepeat('');
    track(r.value.jobId);
  }

  async function save(jobId: string) {
    if (!bridge) return;
    const r = await saveExport(bridge, jobId);
    if (r.error) setProblem(t('portability.errors.io'));
    else if (r.saved) {
      setSaved(true);
      setJob({ kind: 'idle' });
    }
  }

  return (
    <section className="settings-page" aria-labelledby="settings-page-title" data-testid="portability-page">
      <h2 id="settings-page-title" className="settings-page-title">
        {t('settings.portability')}
      </h2>
      <div className="card">
        <h3 className="card-title">{t('portability.exportTitle')}</h3>
        <p className="field-help portability-explain">{t('portability.exportExplain')}</p>
        {job.kind === 'running' ? (
          <JobProgress
            label={t('portability.exporting')}
            done={job.done}
            total={job.total}
            testId="export-progress"
            onCancel={() => void bridge?.invoke('portability.cancel', { jobId: job.jobId })}
          />
        ) : job.kind === 'done' ? (
          <div className="portability-ready" data-testid="export-ready">
            <p role="status">{t('portability.exportReady')}</p>
            <div className="portability-actions">
              <button
                type="button"
                className="button button-primary"
                data-testid="export-save"
                onClick={() => void save(job.jobId)}
              >
                {t('portability.save')}
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  void bridge?.invoke('portability.exportDiscard', { jobId: job.jobId });
                  setJob({ kind: 'idle' });
                }}
              >
                {t('portability.discard')}
              </button>
            </div>
          </div>
        ) : (
          <form className="portability-form" onSubmit={(e) => void start(e)} noValidate>
            <PasswordField
              label={t('portability.password')}
              value={password}
              onChange={setPassword}
              testId="export-password"
              autoComplete="new-password"
            />
            <PasswordField
              label={t('portability.passwordRepeat')}
              value={repeat}
              onChange={setRepeat}
              testId="export-password-repeat"
              autoComplete="new-password"
            />
            <p className="field-help">{t('portability.passwordHelp')}</p>
            <div className="portability-actions">
              <button type="submit" className="button button-primary" data-testid="export-start">
                {t('portability.exportStart')}
              </button>
            </div>
          </form>
        )}
        {job.kind === 'failed' && (
          <p className="field-error" role="alert" data-testid="export-error">
            {t(errorKey(job.code), { min: 6, defaultValue: t('portability.errors.io') })}
          </p>
        )}
        {problem !== undefined && (
          <p className="field-error" role="alert" data-testid="export-error">
            {problem}
          </p>
        )}
        {saved && (
          <p role="status" data-testid="export-saved">
            {t('portability.saved')}
          </p>
        )}
      </div>
      <div className="card">
        <h3 className="card-title">{t('portability.importTitle')}</h3>
        <p className="field-help portability-explain">{t('portability.importElsewhere')}</p>
      </div>
    </section>
  );
}
