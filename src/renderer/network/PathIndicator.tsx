import { useTranslation } from 'react-i18next';
import { useApp } from '../store';

/** Always visible in the rail: the state of the onion paths; opens the path viewer. */
export function PathIndicator() {
  const { t } = useTranslation();
  const network = useApp((s) => s.network);
  const openPaths = useApp((s) => s.openNetworkPage);
  const state = network?.state ?? 'starting';
  return (
    <button
      type="button"
      className={`path-indicator path-${state}`}
      data-testid="path-indicator"
      data-state={state}
      title={t(`network.state.${state}`)}
      // Label in name (2.5.3): the spoken name starts with the words on screen.
      aria-label={`${t(`network.short.${state}`)} — ${t('network.title')}: ${t(`network.state.${state}`)}`}
      onClick={openPaths}
    >
      <span className="path-dot" aria-hidden="true" />
      <span className="path-label">{t(`network.short.${state}`)}</span>
    </button>
  );
}
