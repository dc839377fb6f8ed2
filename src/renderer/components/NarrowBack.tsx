import { useTranslation } from 'react-i18next';
import { focusHeading } from './focus';

/**
 * Below the narrow breakpoint (320 CSS px, 400 % zoom) a section shows its list or its detail, not
 * both (WCAG 1.4.10): this button, hidden at wider sizes, goes back to the list and focuses its
 * heading.
 */
export function NarrowBack({ onBack }: { readonly onBack: () => void }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="button button-quiet button-small narrow-back"
      data-testid="narrow-back"
      onClick={() => {
        onBack();
        requestAnimationFrame(() => {
          focusHeading(document.querySelector('.list-pane'), '.list-pane-title');
        });
      }}
    >
      <span aria-hidden="true">← </span>
      {t('a11y.back')}
    </button>
  );
}
