import { useEffect, useState, type InputHTMLAttributes, type SubmitEvent } from 'react';
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
  // Typing in a field clears the error shown: it was about what was there before.
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setError(undefined);
  };

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
            <ProxyField
              field="host"
              label={t('network.proxy.host')}
              value={host}
              onChange={edit(setHost)}
              error={error}
              placeholder="127.0.0.1"
              autoComplete="off"
              spellCheck={false}
              maxLength={253}
            />
            <ProxyField
              field="port"
              label={t('network.proxy.port')}
              value={port}
              onChange={edit(setPort)}
              error={error}
              placeholder="9050"
              inputMode="numeric"
              autoComplete="off"
              maxLength={5}
            />
            <ProxyField
              field="username"
              label={t('network.proxy.username')}
              value={username}
              onChange={edit(setUsername)}
              error={error}
              autoComplete="off"
              spellCheck={false}
            />
            <ProxyField
              field="password"
              label={t('network.proxy.password')}
              value={password}
              onChange={edit(setPassword)}
              error={error}
              help={kept ? t('network.proxy.passwordKept') : undefined}
              type="password"
              autoComplete="new-password"
              disabled={forget}
            />
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
        {error?.field === 'form' && <FieldError field="form" text={error.text} />}
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

type FieldName = 'host' | 'port' | 'username' | 'password';

function FieldError({ field, text }: { readonly field: FieldName | 'form'; readonly text: string }) {
  return (
    <span
      className="field-error"
      role="alert"
      id={`proxy-error-${field}`}
      data-testid={`proxy-error-${field}`}
    >
      {text}
    </span>
  );
}

/** One labelled text field of the SOCKS5 form, with its help and its error tied to the input. */
function ProxyField({
  field,
  label,
  value,
  onChange,
  error,
  help,
  ...input
}: {
  readonly field: FieldName;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly error: { readonly field: string; readonly text: string } | undefined;
  readonly help?: string | undefined;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'className' | 'id'>) {
  const invalid = error?.field === field;
  const described = [help !== undefined ? `proxy-help-${field}` : '', invalid ? `proxy-error-${field}` : '']
    .filter((id) => id !== '')
    .join(' ');
  return (
    <label className={`field proxy-${field}`}>
      <span className="field-label">{label}</span>
      <input
        {...input}
        className="text-input"
        data-testid={`proxy-${field}`}
        value={value}
        aria-invalid={invalid}
        aria-describedby={described === '' ? undefined : described}
        onChange={(e) => {
          onChange(e.target.value);
        }}
      />
      {help !== undefined && (
        <span className="field-help" id={`proxy-help-${field}`}>
          {help}
        </span>
      )}
      {invalid && <FieldError field={field} text={error.text} />}
    </label>
  );
}
