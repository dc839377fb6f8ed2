import { useTranslation } from 'react-i18next';
import { Toggle } from '../components/Toggle';
import { useApp } from '../store';
import { useSystemSettings } from './useSystemSettings';

/** Start at login and start in the tray: only the desktop app has a login item and a tray. */
export function StartupCard() {
  const { t } = useTranslation();
  const host = useApp((s) => s.info?.host);
  const [settings, update] = useSystemSettings();
  if (host !== 'electron' || !settings) return null;
  return (
    <div className="card" data-testid="startup-card">
      <h3 className="card-title">{t('desktop.title')}</h3>
      <Toggle
        id="start-at-login"
        label={t('desktop.startAtLogin')}
        hint={t('desktop.startAtLoginHint')}
        checked={settings.startAtLogin}
        onChange={(startAtLogin) => {
          update({ startAtLogin });
        }}
      />
      <Toggle
        id="start-minimised"
        label={t('desktop.startMinimised')}
        hint={t('desktop.startMinimisedHint')}
        checked={settings.startMinimised}
        onChange={(startMinimised) => {
          update({ startMinimised });
        }}
      />
      <Toggle
        id="close-to-tray"
        label={t('desktop.closeToTray')}
        hint={t('desktop.closeToTrayHint')}
        checked={settings.closeToTray}
        onChange={(closeToTray) => {
          update({ closeToTray });
        }}
      />
    </div>
  );
}
