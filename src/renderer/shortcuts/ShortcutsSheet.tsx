import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ShortcutList } from './ShortcutList';
import { useModal } from './useModal';

/** Ctrl+/ (also Help → Keyboard Shortcuts and Settings → About): every shortcut of the app. */
export function ShortcutsSheet({ onClose }: { readonly onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useModal();
  const titleId = useId();
  return (
    <dialog
      ref={ref}
      className="confirm-dialog shortcuts-sheet"
      aria-labelledby={titleId}
      data-testid="shortcuts-sheet"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="shortcuts-sheet-header">
        <h2 id={titleId} className="confirm-dialog-title">
          {t('shortcuts.title')}
        </h2>
        <button type="button" className="button button-small" data-testid="shortcuts-close" onClick={onClose}>
          {t('shortcuts.close')}
        </button>
      </div>
      <ShortcutList />
    </dialog>
  );
}
