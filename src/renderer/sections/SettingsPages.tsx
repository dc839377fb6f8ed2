import { useTranslation } from 'react-i18next';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { StartupCard } from '../security/StartupCard';
import { SPELLCHECK_LANGUAGES } from '../../shared/settings';
import { Toggle } from '../components/Toggle';
import { useApp } from '../store';
import { ShortcutList } from '../shortcuts/ShortcutList';
import { useKeyboardUi } from '../shortcuts/store';

export function AppearancePage() {
  const { t } = useTranslation();
  const settings = useApp((s) => s.settings);
  const update = useApp((s) => s.updateSettings);
  const zoomBy = useApp((s) => s.zoomBy);
  return (
    <section className="settings-page" aria-labelledby="settings-page-title">
      <h2 id="settings-page-title" className="settings-page-title">
        {t('settings.appearance')}
      </h2>
      <div className="card">
        <ChoiceGroup
          name="theme"
          legend={t('settings.theme')}
          value={settings.theme}
          options={[
            { value: 'system', label: t('settings.themeSystem') },
            { value: 'light', label: t('settings.themeLight') },
            { value: 'dark', label: t('settings.themeDark') },
          ]}
          onChange={(theme) => void update({ theme })}
        />
      </div>
      <div className="card">
        <div className="field-label" id="zoom-label">
          {t('settings.zoom')}
        </div>
        <div className="zoom-row" role="group" aria-labelledby="zoom-label">
          <button type="button" className="button" onClick={() => void zoomBy(-1)}>
            {t('settings.zoomOut')}
          </button>
          <output className="zoom-value" aria-live="polite" data-testid="zoom-value">
            {t('settings.zoomValue', { percent: Math.round(settings.zoom * 100) })}
          </output>
          <button type="button" className="button" onClick={() => void zoomBy(1)}>
            {t('settings.zoomIn')}
          </button>
          <button type="button" className="button button-quiet" onClick={() => void zoomBy(0)}>
            {t('settings.zoomReset')}
          </button>
        </div>
      </div>
      <StartupCard />
    </section>
  );
}

export function LanguagePage() {
  const { t } = useTranslation();
  const language = useApp((s) => s.settings.language);
  const update = useApp((s) => s.updateSettings);
  return (
    <section className="settings-page" aria-labelledby="settings-page-title">
      <h2 id="settings-page-title" className="settings-page-title">
        {t('settings.language')}
      </h2>
      <div className="card">
        <ChoiceGroup
          name="language"
          legend={t('settings.languageChoice')}
          value={language}
          options={[
            { value: 'system', label: t('settings.languageSystem') },
            { value: 'en', label: t('settings.languageEnglish') },
            { value: 'fr', label: t('settings.languageFrench') },
          ]}
          onChange={(l) => void update({ language: l })}
        />
      </div>
      <SpellcheckCard />
    </section>
  );
}

/** The composer's spell-check languages (none: off), through the settings like any other. */
function SpellcheckCard() {
  const { t } = useTranslation();
  const languages = useApp((s) => s.settings.spellcheckLanguages);
  const update = useApp((s) => s.updateSettings);
  const mac = useApp((s) => s.info?.platform === 'darwin' && s.info.host === 'electron');
  return (
    <div className="card card-stack" data-testid="spellcheck-card">
      <h3 className="card-title">{t('spellcheck.title')}</h3>
      <p className="card-text">{t('spellcheck.explain')}</p>
      {SPELLCHECK_LANGUAGES.map((lang) => (
        <Toggle
          key={lang}
          id={`spellcheck-${lang}`}
          label={t(`spellcheck.${lang}`)}
          hint={t(`spellcheck.${lang}Hint`)}
          checked={languages.includes(lang)}
          onChange={(on) => {
            const next = SPELLCHECK_LANGUAGES.filter((l) => (l === lang ? on : languages.includes(l)));
            void update({ spellcheckLanguages: next });
          }}
        />
      ))}
      {mac && <p className="field-help">{t('spellcheck.macos')}</p>}
    </div>
  );
}

export function AboutPage() {
  const { t } = useTranslation();
  const info = useApp((s) => s.info);
  const showKeyboard = useKeyboardUi((s) => s.show);
  const network =
    info?.network === 'devnet'
      ? t('settings.networkDevnet')
      : info?.network === 'mainnet'
        ? t('settings.networkMainnet')
        : t('settings.networkCustom', { url: info?.network ?? '' });
  return (
    <section className="settings-page" aria-labelledby="settings-page-title">
      <h2 id="settings-page-title" className="settings-page-title">
        {t('settings.about')}
      </h2>
      <div className="card">
        <p className="about-version" data-testid="about-version">
          {t('settings.version', { version: info?.version ?? '' })}
        </p>
        <dl className="facts">
          <dt>{t('settings.runningIn')}</dt>
          <dd>{info?.host === 'electron' ? t('settings.hostElectron') : t('settings.hostBrowser')}</dd>
          <dt>{t('settings.network')}</dt>
          <dd>{network}</dd>
        </dl>
      </div>
      <div className="card" data-testid="shortcuts-card">
        <h3 className="card-title">{t('settings.shortcuts')}</h3>
        <button
          type="button"
          className="button"
          data-testid="open-shortcuts"
          onClick={() => showKeyboard('sheet')}
        >
          {t('shortcuts.open')}
        </button>
        <ShortcutList headingLevel={4} />
      </div>
    </section>
  );
}
