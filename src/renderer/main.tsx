import './zod-config';
import { StrictMode, useEffect, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, prefetchSections } from './App';
import { createBridge } from './bridge';
import { startEarly } from './early-start';
import { afterFirstScreenSettled, afterNextPaint, once } from './first-paint';
import { httpRawBridge } from './http-bridge';
import { changeLanguage, initI18n, resolveLanguage, systemLanguage } from './i18n';
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

/** Calls `painted` once the first commit's frame is produced (see `afterNextPaint`). */
function FirstPaint({ painted, children }: { painted: () => void; children: ReactNode }) {
  useEffect(() => {
    afterNextPaint(painted);
  }, [painted]);
  return children;
}

async function boot(): Promise<void> {
  let rendered = (): void => undefined;
  const firstRender = new Promise<void>((resolve) => {
    rendered = resolve;
  });
  // The page's first script has usually asked for the first screen's state already (it left
  // before this module was fetched); without it (vite's dev server, or that async script not run
  // yet), it is asked now, and that script, if it runs later, finds it asked and does nothing.
  const early = (window.veilEarly ??= startEarly(window.veilRaw ?? httpRawBridge()));
  const bridge = createBridge(early.raw, firstRender, early.initialState);
  // The first screen's state is one IPC round trip; while it travels, this thread prepares what
  // the first render needs in the language it will most likely show (the system's, which
  // "system", the default setting, means): its catalog, i18next, the date formatters (ICU data
  // loads on the first one).
  const starting = useApp.getState().start(bridge);
  const likely = systemLanguage();
  await initI18n(likely);
  warmFormatters(likely);
  await starting;
  // The first paint is in the user's language (and theme): a chosen language other than the
  // system's is switched to before anything is shown.
  const language = resolveLanguage(useApp.getState().settings.language);
  if (language !== likely) {
    await changeLanguage(language);
    warmFormatters(language);
  }
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  // What is not on the first screen (the other screens' code, the contract's schemas) waits for
  // its frame: started here, right after `render()` (which only schedules the render), it
  // competed with that render, its commit and its frame. Then it waits a little more, for the
  // frames right after the first one (see `FIRST_SCREEN_SETTLE_MS`).
  const painted = once(() => {
    afterFirstScreenSettled(() => {
      rendered();
      prefetchSections();
    });
  });
  createRoot(root).render(
    <StrictMode>
      <FirstPaint painted={painted}>
        <App />
      </FirstPaint>
    </StrictMode>,
  );
}

void boot();
