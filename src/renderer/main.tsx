import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, prefetchSections } from './App';
import { createBridge } from './bridge';
import { initI18n, resolveLanguage } from './i18n';
import { warmFormatters } from './messaging/format';
import { useApp } from './store';
import './styles/base.css';
import './styles/shell.css';
import './styles/controls.css';
import './styles/onboarding.css';
import './styles/messaging.css';
import './styles/group-chat.css';
import './styles/message-actions.css';
import './styles/disappearing-search.css';
import './styles/desktop.css';
// Last: the narrow layout overrides the others below its breakpoint.
import './styles/narrow.css';

async function boot(): Promise<void> {
  const bridge = createBridge();
  // Load settings first so the first paint is already in the user's language and theme.
  await useApp.getState().start(bridge);
  await initI18n(resolveLanguage(useApp.getState().settings.language));
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  // Date formatting is slow the first time: do it while nothing else happens.
  requestIdleCallback(() => {
    warmFormatters(resolveLanguage(useApp.getState().settings.language));
  });
  prefetchSections();
}

void boot();
