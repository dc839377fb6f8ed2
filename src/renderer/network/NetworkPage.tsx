import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProxyView } from '../../shared/ipc/proxy';
import { useApp } from '../store';
import { clockOffsetText } from './clock-offset';
import { ProxyCard } from './ProxyCard';
import '../styles/proxy.css';

const HOP_ROLES = ['guard', 'relay', 'exit'] as const;

/** The path viewer: each path's three hops, the pool, the clock, and why things are not well. */
export function NetworkPage() {
  const { t, i18n } = useTranslation();
  const status = useApp((s) => s.network);
  const state = status?.state ?? 'starting';
  const [proxy, setProxy] = useState<ProxyView | undefined>();
  const inUse = proxy?.inUse ?? null;
  return (
    <section className="settings-page" aria-labelledby="settings-page-title">
      <h2 id="settings-page-title" className="settings-page-title">
        {t('network.title')}
      </h2>
      <div className="card">
        <p className={`network-state path-${state}`} data-testid="network-state">
          <span className="path-dot" aria-hidden="true" />
          {t(`network.state.${state}`)}
        </p>
        {status?.progress && (
          <progress
            className="progress"
            max={status.progress.total}
            value={status.progress.done}
            aria-label={t('network.state.building')}
          />
        )}
        {status?.reason && (
          <p className="field-error network-reason" role="alert" data-testid="network-reason">
            {t(`network.reasons.${status.reason}`, {
              defaultValue: t('network.reasons.unknown'),
              proxy: inUse?.proxy ?? '',
            })}
          </p>
        )}
        {status?.clockProblem === true && (
          <p className="notice" role="alert" data-testid="clock-problem">
            {t('network.clockProblem')}
          </p>
        )}
        <dl className="facts">
          <dt>{t('network.network')}</dt>
          <dd>{status?.network ?? '—'}</dd>
          <dt>{t('network.proxy.inUse')}</dt>
          <dd data-testid="proxy-in-use">
            {inUse === null
              ? t('network.proxy.direct')
              : t(inUse.source === 'command-line' ? 'network.proxy.fromStart' : 'network.proxy.inUseValue', {
                  proxy: inUse.proxy,
                })}
          </dd>
          <dt>{t('network.pool')}</dt>
          <dd>{t('network.poolSize', { count: status?.poolSize ?? 0 })}</dd>
          <dt>{t('network.clock')}</dt>
          <dd>
            {t('network.clockOffset', {
              seconds: clockOffsetText(status?.clockOffsetMs ?? 0, i18n.language),
            })}
          </dd>
        </dl>
      </div>
      {(status?.paths ?? []).map((path, i) => (
        <div className="card" key={i} data-testid="path-card">
          <h3 className="card-title">{t('network.path', { number: i + 1 })}</h3>
          <ol className="hops">
            <li className="hop hop-end">{t('network.you')}</li>
            {path.hops.map((hop, j) => (
              <li className="hop" key={hop.ed25519}>
                <span className="hop-role">{t(`network.role.${HOP_ROLES[j] ?? 'relay'}`)}</span>
                <span className="hop-address">
                  {hop.ip}:{hop.port}
                </span>
                <span className="hop-key">{hop.ed25519.slice(0, 8)}…</span>
              </li>
            ))}
            <li className="hop hop-end">{t('network.destination')}</li>
          </ol>
        </div>
      ))}
      <p className="field-help">{t('network.explain')}</p>
      <ProxyCard onView={setProxy} />
    </section>
  );
}
