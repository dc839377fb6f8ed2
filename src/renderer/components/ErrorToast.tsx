import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../account/errors';
import { useMessaging } from '../messaging/store';
import { useApp } from '../store';

/** Shows the last failed action in words, then clears itself; nothing fails silently. */
export function ErrorToast() {
  const { t } = useTranslation();
  const appError = useApp((s) => s.lastError);
  const clearApp = useApp((s) => s.clearError);
  const messagingError = useMessaging((s) => s.error);
  const clearMessaging = useMessaging((s) => s.clearError);
  const error = messagingError ?? appError;

  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => {
      clearApp();
      clearMessaging();
    }, 8000);
    return () => {
      clearTimeout(timer);
    };
  }, [error, clearApp, clearMessaging]);

  if (!error) return null;
  return (
    <div className="toast" role="alert" data-testid="error-toast">
      <span>{describeError(t, error)}</span>
      <button
        type="button"
        className="button button-small button-quiet"
        onClick={() => {
          clearApp();
          clearMessaging();
        }}
      >
        {t('app.dismiss')}
      </button>
    </div>
  );
}
