import { useTranslation } from 'react-i18next';
import type { Message } from '../../shared/ipc/messaging';
import { personName } from './names';
import { useMessaging } from './store';

/** Above the composer while replying: who and what is quoted, and a way out (× or Esc). */
export function ReplyBar({
  message,
  onCancel,
}: {
  readonly message: Message;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const conversation = useMessaging((s) => s.conversations.find((c) => c.id === message.conversationId));
  const name = personName(message.sender, conversation, t('messaging.youAuthor'));
  return <QuoteBar name={name} body={message.body} testId="reply" onCancel={onCancel} />;
}

/**
 * The bar itself, shared by a conversation's and a room's composer: "Replying to NAME", the
 * quoted text, and ×. `testId` prefixes its test ids (`<testId>-bar`, `<testId>-cancel`).
 */
export function QuoteBar({
  name,
  body,
  testId,
  onCancel,
}: {
  readonly name: string;
  readonly body: string;
  readonly testId: string;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="reply-bar" data-testid={`${testId}-bar`} role="status">
      <div className="reply-bar-text">
        <span className="quote-author" dir="auto">
          {t('messaging.replyingTo', { name })}
        </span>
        <span className="quote-text" dir="auto">
          {body}
        </span>
      </div>
      <button
        type="button"
        className="icon-button reply-cancel"
        data-testid={`${testId}-cancel`}
        aria-label={t('messaging.cancelReply')}
        title={t('messaging.cancelReply')}
        onClick={onCancel}
      >
        ×
      </button>
    </div>
  );
}
