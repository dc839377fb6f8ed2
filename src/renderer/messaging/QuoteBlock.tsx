import { useTranslation } from 'react-i18next';
import type { MessageQuote } from '../../shared/ipc/messaging';
import { personName } from './names';
import { useMessaging } from './store';

/** What a quote shows of the original: its text, its attachment kind, or that it is not here. */
export function QuoteText({ quote }: { readonly quote: MessageQuote }) {
  const { t } = useTranslation();
  if (quote.text !== null && quote.text !== '')
    return (
      <span className="quote-text" dir="auto">
        {quote.text}
      </span>
    );
  if (quote.attachment !== null)
    return <span className="quote-text">{t('messaging.quoteAttachment', { type: quote.attachment })}</span>;
  // Here but without text: the original was deleted for everyone.
  if (quote.messageId !== null)
    return <span className="quote-text quote-missing">{t('messaging.deletedMessage')}</span>;
  return <span className="quote-text quote-missing">{t('messaging.quoteMissing')}</span>;
}

/** The quote inside a reply's bubble; pressing it brings the original into view. */
export function QuoteBlock({
  quote,
  conversationId,
}: {
  readonly quote: MessageQuote;
  readonly conversationId: string;
}) {
  const { t } = useTranslation();
  const conversation = useMessaging((s) => s.conversations.find((c) => c.id === conversationId));
  const jumpTo = useMessaging((s) => s.jumpTo);
  const name = personName(quote.author, conversation, t('messaging.youAuthor'));
  return (
    <button
      type="button"
      className="bubble-quote"
      data-testid="bubble-quote"
      aria-label={t('messaging.quoteOf', { name })}
      onClick={(e) => {
        e.stopPropagation();
        void jumpTo(conversationId, quote);
      }}
    >
      <span className="quote-author" dir="auto">
        {name}
      </span>
      <QuoteText quote={quote} />
    </button>
  );
}
