import { useTranslation } from 'react-i18next';
import type { MessageInvitation } from '../../shared/ipc/messaging';
import { useCopy } from '../account/useCopy';

/**
 * A community invitation: the community's name and its address. Joining communities is not
 * built yet, so the card says so and offers the address to copy instead of a Join button.
 */
export function InvitationCard({ invitation }: { readonly invitation: MessageInvitation }) {
  const { t } = useTranslation();
  const [copied, copy] = useCopy();
  return (
    <div className="invitation-card" data-testid="invitation-card">
      <span className="invitation-kind">{t('messaging.invitation.title')}</span>
      <strong className="invitation-name" dir="auto" data-testid="invitation-name">
        {invitation.name}
      </strong>
      <span className="invitation-note">{t('messaging.invitation.notYet')}</span>
      <code className="invitation-url" data-testid="invitation-url">
        {invitation.url}
      </code>
      <button type="button" className="button button-small" onClick={() => void copy(invitation.url)}>
        {copied ? t('messaging.invitation.copied') : t('messaging.invitation.copyUrl')}
      </button>
    </div>
  );
}
