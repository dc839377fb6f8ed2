// First, and here too: this lazily loaded view shares modules (zod and the contract) with the
// main bundle, so the bundler puts them in a common chunk that runs before main.tsx; importing
// zod-config here puts it in that chunk, ahead of the schemas (else zod's eval probe trips the CSP).
import '../zod-config';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useApp } from '../store';
import { formatBytes } from './kinds';
import { useByteUnits } from './useByteUnits';
import '../styles/attachments.css';

interface Usage {
  readonly bytes: number;
  readonly files: number;
  readonly downloadedBytes: number;
}

/**
 * Settings → Storage: the space attachments take in the profile, and "Clear downloaded media"
 * (what others sent; their messages stay and can download the files again). Our own files stay:
 * nobody could send them to us again.
 */
export function StoragePage() {
  const { t, i18n } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const units = useByteUnits();
  const [usage, setUsage] = useState<Usage | undefined>();
  const [confirm, setConfirm] = useState(false);
  const [freed, setFreed] = useState<number | undefined>();
  const size = (n: number) => formatBytes(n, i18n.language, units);

  const load = useCallback(
    () =>
      bridge?.invoke('attachments.usage', {}).then((r) => {
        if (r.ok) setUsage(r.value);
      }),
    [bridge],
  );

  useEffect(() => {
    void load();
  }, [load]);

  async function clear() {
    setConfirm(false);
    const r = await bridge?.invoke('attachments.clearDownloaded', {});
    if (r?.ok) setFreed(r.value.freedBytes);
    else if (r) useApp.setState({ lastError: r.error });
    await load();
  }

  return (
    <section className="settings-page" aria-labelledby="settings-page-title" data-testid="storage-page">
      <h2 id="settings-page-title" className="settings-page-title">
        {t('settings.storage')}
      </h2>
      <div className="card">
        <h3 className="card-title">{t('storage.usedTitle')}</h3>
        <p className="storage-usage" data-testid="storage-used" aria-live="polite">
          {usage === undefined ? t('storage.measuring') : size(usage.bytes)}
        </p>
        {usage !== undefined && (
          <dl className="facts">
            <dt>{t('storage.files')}</dt>
            <dd data-testid="storage-files">{t('storage.fileCount', { count: usage.files })}</dd>
            <dt>{t('storage.downloaded')}</dt>
            <dd data-testid="storage-downloaded">{size(usage.downloadedBytes)}</dd>
          </dl>
        )}
      </div>
      <div className="card">
        <h3 className="card-title">{t('storage.clearTitle')}</h3>
        <p className="field-help storage-explain">{t('storage.clearExplain')}</p>
        <button
          type="button"
          className="button button-danger"
          data-testid="storage-clear"
          disabled={usage === undefined || usage.downloadedBytes === 0}
          onClick={() => {
            setConfirm(true);
          }}
        >
          {t('storage.clear')}
        </button>
        {freed !== undefined && (
          <p className="field-help" role="status" data-testid="storage-freed">
            {t('storage.freed', { size: size(freed) })}
          </p>
        )}
      </div>
      {confirm && (
        <ConfirmDialog
          testId="storage-clear-confirm"
          title={t('storage.confirmTitle')}
          body={t('storage.confirmBody', { size: size(usage?.downloadedBytes ?? 0) })}
          confirmLabel={t('storage.clear')}
          cancelLabel={t('storage.cancel')}
          onCancel={() => {
            setConfirm(false);
          }}
          onConfirm={() => void clear()}
        />
      )}
    </section>
  );
}
