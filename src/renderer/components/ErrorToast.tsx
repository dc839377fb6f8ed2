import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../account/errors';
import { describeCommunityError } from '../communities/errors';
import { useCommunities } from '../communities/store';
import { useMessaging } from '../messaging/store';
import { useApp } from '../store';

/** Shows the last failed action in words, then clears itself; nothing fails silently. */
export function ErrorToast() {
  const { t } = useTranslation();
  const appError = useApp((s) => s.lastError);
  const clearApp = useApp((s) => s.clearError);
  const messagingError = useMessaging((s) => s.error);
  const clearMessaging = useMessaging((s) => s.clearError);
  const communityError = useCommunities((s) => s.error);
  const clearCommunity = useCommunities((s) => s.clearError);
  const error = communityError ?? messagingError ?? appError;

  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => {
      clearApp();
      clearMessaging();
      clearCommunity();
    }, 8000);
    return () => {
      clearTimeout(timer);
    };
  }, [error, clearApp, clearMessaging, clearCommunity]);

  if (!error) return null;
  return (
    <div className="toast" role="alert" data-testid="error-toast">
      <span>{error === communityError ? describeCommunityError(t, error) : describeError(t, error)}</span>
      <button
        type="button"
        className="button button-small button-quiet"
        onClick={() => {
          clearApp();
          clearMessaging();
          clearCommunity();
        }}
      >
        {t('app.dismiss')}
      </button>
    </div>
  );
}
