import { useEffect, useState } from 'react';
import { changeLanguage, resolveLanguage } from './i18n';
import { SECTIONS, useApp } from './store';

function prefersDark(): boolean {
  return window.matchMedia('(prefers-color-scheme: dark)').matches;
}

/** Applies theme, zoom and language to the document, following the OS where the user chose "system". */
export function useDocumentSettings(): void {
  const settings = useApp((s) => s.settings);
  const [osDark, setOsDark] = useState(prefersDark);

  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => {
      setOsDark(query.matches);
    };
    query.addEventListener('change', onChange);
    return () => {
      query.removeEventListener('change', onChange);
    };
  }, []);

  useEffect(() => {
    const dark = settings.theme === 'dark' || (settings.theme === 'system' && osDark);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [settings.theme, osDark]);

  useEffect(() => {
    // CSSOM, not a style attribute: allowed by the CSP without 'unsafe-inline'.
    document.documentElement.style.setProperty('--zoom', String(settings.zoom));
  }, [settings.zoom]);

  useEffect(() => {
    void changeLanguage(resolveLanguage(settings.language));
  }, [settings.language]);
}

/** App-wide shortcuts: Ctrl/Cmd+1..3 sections, Ctrl/Cmd +/−/0 zoom. */
export function useGlobalShortcuts(): void {
  const setSection = useApp((s) => s.setSection);
  const zoomBy = useApp((s) => s.zoomBy);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const index = ['1', '2', '3'].indexOf(e.key);
      const section = SECTIONS[index];
      if (section) {
        e.preventDefault();
        setSection(section);
        document.getElementById(`tab-${section}`)?.focus();
      } else if (e.key === '+' || e.key === '=') {
        e.preventDefault();
        void zoomBy(1);
      } else if (e.key === '-' || e.key === '_') {
        e.preventDefault();
        void zoomBy(-1);
      } else if (e.key === '0') {
        e.preventDefault();
        void zoomBy(0);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [setSection, zoomBy]);
}
