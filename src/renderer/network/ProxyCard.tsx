import { useEffect, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { proxySetArgs, type ProxySetArgs, type ProxyView } from '../../shared/ipc/proxy';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { useApp } from '../store';

type Mode = 'none' | 'socks5';

/** Which field a validation issue is about, and the sentence for it. */
function issueText(path: readonly PropertyKey[]): { field: string; key: string } {
  const field = typeof path[0] === 'string' ? path[0] : 'host';
  if (field === 'port') return { field, key: 'network.proxy.invalidPort' };
  if (field === 'host') return { field, key: 'network.proxy.invalidHost' };
  return { field, key: 'network.proxy.tooLong' };
}

/**
 * Settings → Network → Proxy: none, or SOCKS5 (host, port, optional user name and password).
 * Saved settings apply at once; the password is sent once and never shown again (main keeps it
 * encrypted and only says whether one is kept).
 */
export function ProxyCard({ onView }: { readonly onView: (view: ProxyView) => void }) {
  const { t } = useTranslation();
  const bridge = useApp((s) => s.bridge);
  const [view, setView] = useState<ProxyView | undefined>();
  const [mode, setMode] = useState<Mode>('none');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [forget, setForget] = useState(false);
  const [error, setError] = useState<{ field: string; text: string } | undefined>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const show = (v: ProxyView) => {
    setView(v);
    onView(v);
    setMode(v.setting.mode);
    if (v.setting.mode === 'socks5') {
      setHost(v.setting.host);
      setPort(String(v.setting.port));
      setUsername(v.setting.username ?? '');
    }
    setPassword('');
    setForget(false);
  };

  useEffect(() => {
    void bridge?.invoke('proxy.get', {}).then((r) => {
      if (r.ok) show(r.value);
    });
    // show() only sets state; running once per bridge is what we want.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge]);

  async function save(e: SubmitEvent) {
    e.preventDefault();
    setSaved(false);
    setError(undefined);
    const user = username.trim() === '' ? null : username;
    const candidate: unknown =
      mode === 'none'
        ? { mode }
        : {
            mode,
            host: host.trim(),
            port: /^\d+$/.test(port.trim()) ? Number(port.trim()) : NaN,
            username: user,
            ...(forget ? { password: null } : password !== '' ? { password } : {}),
          };
    const parsed = proxySetArgs.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const { field, key } = issueText(issue?.path ?? []);
      setError({ field, text: t(key) });
      return;
    }
    const args: ProxySetArgs = parsed.data;
    if (args.mode === 'socks5' && args.username === null && password !== '') {
      setError({ field: 'password', text: t('network.proxy.passwordNeedsUser') });
      return;
    }
    if (!bridge) return;
    setBusy(true);
    const r = await bridge.invoke('proxy.set', args);
    setBusy(false);
    if (r.ok) {
      show(r.value);
      setSaved(true);
    } else
      setError({
        field: 'form',
        text: t(
          r.error.reason === 'proxy.needsAccount' ? 'network.proxy.needsAccount' : 'network.proxy.failed',
        ),
      });
  }

  const kept = view?.setting.mode === 'socks5' && view.setting.hasPassword;
  const fieldError = (field: string) =>
    error?.field === field ? (
      <span className="field-error" role="alert" data-testid={`proxy-error-${field}`}>
        {error.text}
      </span>
    ) : undefined;

  return (
    <div className="card" data-testid="proxy-card">
      <h3 className="card-title">{t('network.proxy.title')}</h3>
      <p className="card-text">{t('network.proxy.explain')}</p>
      <form className="proxy-form" onSubmit={(e) => void save(e)} noValidate>
        <ChoiceGroup
          name="proxy-mode"
          legend={t('network.proxy.mode')}
          value={mode}
          options={[
            { value: 'none', label: t('network.proxy.none') },
            { value: 'socks5', label: t('network.proxy.socks5') },
          ]}
          onChange={(m) => {
            setMode(m);
            setSaved(false);
          }}
        />
        {mode === 'socks5' && (
          <div className="proxy-fields">
            <label className="field proxy-host">
              <span className="field-label">{t('network.proxy.host')}</span>
              <input
                className="text-input"
                data-testid="proxy-host"
                value={host}
                placeholder="127.0.0.1"
                autoComplete="off"
                spellCheck={false}
                maxLength={253}
                aria-invalid={error?.field === 'host'}
                onChange={(e) => {
                  setHost(e.target.value);
                  setError(undefined);
                }}
              />
              {fieldError('host')}
            </label>
            <label className="field proxy-port">
              <span className="field-label">{t('network.proxy.port')}</span>
              <input
                className="text-input"
                data-testid="proxy-port"
                value={port}
                placeholder="9050"
                inputMode="numeric"
                autoComplete="off"
                maxLength={5}
                aria-invalid={error?.field === 'port'}
                onChange={(e) => {
                  setPort(e.target.value);
                  setError(undefined);
                }}
              />
              {fieldError('port')}
            </label>
            <label className="field">
              <span className="field-label">{t('network.proxy.username')}</span>
              <input
                className="text-input"
                data-testid="proxy-username"
                value={username}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => {
                  setUsername(e.target.value);
                  setError(undefined);
                }}
              />
              {fieldError('username')}
            </label>
            <label className="field">
              <span className="field-label">{t('network.proxy.password')}</span>
              <input
                className="text-input"
                type="password"
                data-testid="proxy-password"
                value={password}
                autoComplete="new-password"
                disabled={forget}
                onChange={(e) => {
                  setPassword(e.target.value);
                  setError(undefined);
                }}
              />
              {kept && <span className="field-help">{t('network.proxy.passwordKept')}</span>}
              {fieldError('password')}
            </label>
            {kept && (
              <label className="checkbox-row">
                <input
                  type="checkbox"
                  checked={forget}
                  data-testid="proxy-forget"
                  onChange={(e) => {
                    setForget(e.target.checked);
                  }}
                />
                <span>{t('network.proxy.forgetPassword')}</span>
              </label>
            )}
          </div>
        )}
        {fieldError('form')}
        <div className="contact-actions">
          <button type="submit" className="button button-primary" data-testid="proxy-save" disabled={busy}>
            {t('network.proxy.save')}
          </button>
        </div>
        {saved && (
          <p className="field-help" role="status" data-testid="proxy-saved">
            {t('network.proxy.saved')}
          </p>
        )}
      </form>
    </div>
  );
}
