import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store';
import { JobProgress } from './JobProgress';
import { PasswordField } from './PasswordField';
import { errorKey, uploadFile, useJob } from './transfer';
import '../styles/portability.css';

interface Chosen {
  readonly uploadId: string;
  readonly fileName: string;
}

/**
 * Onboarding → Import a profile: choose the export file (Electron's Open dialog, or the page's
 * file input in the browser host, sent to the core in pieces), type its password, and watch the
 * import; a wrong password, a damaged, cut or newer file says so and changes nothing, so the user
 * can try again or go back.
 */
export function ImportStep({ onBack, onDone }: { readonly onBack: () => void; readonly onDone: () => void }) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<Chosen | undefined>();
  const [uploading, setUploading] = useState<{ done: number; total: number } | undefined>();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [job, , track] = useJob(bridge);
  const failed = job.kind === 'failed' ? job.code : undefined;

  const finished = job.kind === 'done';
  useEffect(() => {
    if (finished) onDone();
  }, [finished, onDone]);

  async function choose() {
    if (!bridge) return;
    setProblem(undefined);
    if (bridge.host === 'electron') {
      const r = await bridge.invoke('portability.importChoose', {});
      if (!r.ok) setProblem(t('portability.errors.io'));
      else if (r.value.chosen && r.value.uploadId !== undefined) {
        setChosen({ uploadId: r.value.uploadId, fileName: r.value.fileName ?? '' });
      }
      return;
    }
    input.current?.click();
  }

  async function picked(file: File | undefined) {
    if (!bridge || !file) return;
    setUploading({ done: 0, total: file.size });
    const r = await uploadFile(bridge, file, (done) => {
      setUploading({ done, total: file.size });
    });
    setUploading(undefined);
    if (r.uploadId === undefined) {
      setProblem(t(errorKey(r.error?.reason?.replace(/^portability\.errors\./, '') ?? 'io')));
      return;
    }
    setChosen({ uploadId: r.uploadId, fileName: file.name });
  }

  async function start(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!bridge || !chosen) return;
    if (password === '') {
      setProblem(t('portability.errors.password-empty'));
      return;
    }
    setProblem(undefined);
    const r = await bridge.invoke('portability.importStart', { uploadId: chosen.uploadId, password });
    if (!r.ok) {
      setProblem(t(errorKey(r.error.reason?.replace(/^portability\.errors\./, '') ?? 'io')));
      return;
    }
    track(r.value.jobId);
  }

  return (
    <div className="onboarding-body" data-testid="import-step">
      <h1 className="onboarding-title">{t('portability.importTitle')}</h1>
      <p className="onboarding-text">{t('portability.importExplain')}</p>
      <input
        ref={input}
        type="file"
        hidden
        data-testid="import-file-input"
        onChange={(e) => {
          void picked(e.target.files?.[0]);
          e.target.value = '';
        }}
      />
      {job.kind === 'running' ? (
        <JobProgress
          label={t('portability.importing')}
          done={job.done}
          total={job.total}
          testId="import-progress"
          onCancel={() => void bridge?.invoke('portability.cancel', { jobId: job.jobId })}
        />
      ) : uploading ? (
        <JobProgress
          label={t('portability.reading')}
          done={uploading.done}
          total={uploading.total}
          testId="import-upload"
        />
      ) : (
        <form className="portability-form" onSubmit={(e) => void start(e)} noValidate>
          <div className="portability-file">
            <button
              type="button"
              className="button"
              data-testid="import-choose"
              onClick={() => void choose()}
            >
              {t('portability.chooseFile')}
            </button>
            <span className="portability-file-name" data-testid="import-file-name">
              {chosen ? chosen.fileName : t('portability.noFile')}
            </span>
          </div>
          <PasswordField
            label={t('portability.password')}
            value={password}
            onChange={setPassword}
            testId="import-password"
            autoComplete="current-password"
            disabled={!chosen}
          />
          {(failed !== undefined || problem !== undefined) && (
            <p className="field-error" role="alert" data-testid="import-error">
              {problem ?? t(errorKey(failed ?? 'io'), { min: 6, defaultValue: t('portability.errors.io') })}
            </p>
          )}
          <div className="onboarding-actions">
            <button type="button" className="button" onClick={onBack}>
              {t('portability.back')}
            </button>
            <button
              type="submit"
              className="button button-primary"
              disabled={!chosen}
              data-testid="import-start"
            >
              {t('portability.importStart')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
