import { useTranslation } from 'react-i18next';
import type { CommunityQuote, CommunityRoom } from '../../shared/ipc/communities';
import { shortId } from '../messaging/format';
import { isolate } from '../security/bidi';
import { useCommunities } from './store';

/** Who a quote names: us, the quoted post's name, else a short form of the ID it gave. */
function quotedName(quote: CommunityQuote, room: CommunityRoom, you: string): string {
  if (quote.mine || quote.author === room.blindedId) return you;
  return quote.authorName !== null && quote.authorName.trim() !== ''
    ? quote.authorName
    : shortId(quote.author);
}

/**
 * The quote inside a reply. Found in this room, it shows the quoted post's current text (or
 * that it was deleted) and pressing it brings that post into view; not on this computer, it
 * shows who was quoted and that the original is not here, and does nothing when pressed (as
 * Session desktop, which only says "original message not found").
 */
export function PostQuote({
  room,
  quote,
  tabbable,
}: {
  readonly room: CommunityRoom;
  readonly quote: CommunityQuote;
  readonly tabbable: boolean;
}) {
  const { t } = useTranslation();
  const jumpTo = useCommunities((s) => s.jumpTo);
  const name = quotedName(quote, room, t('communities.you'));
  const body =
    quote.postId === null ? (
      <span className="quote-text quote-missing">{t('messaging.quoteMissing')}</span>
    ) : quote.text === null ? (
      <span className="quote-text quote-missing">{t('communities.deleted')}</span>
    ) : (
      <span className="quote-text" dir="auto">
        {quote.text}
      </span>
    );
  const author = (
    <span className="quote-author" dir="auto">
      {name}
    </span>
  );
  const postId = quote.postId;
  if (postId === null)
    return (
      <div className="bubble-quote post-quote-missing" data-testid="post-quote" data-found="false">
        {author}
        {body}
      </div>
    );
  return (
    <button
      type="button"
      className="bubble-quote"
      data-testid="post-quote"
      data-found="true"
      tabIndex={tabbable ? 0 : -1}
      aria-label={t('communityReply.quoteOf', { name: isolate(name) })}
      onClick={(e) => {
        e.stopPropagation();
        void jumpTo(room.id, postId);
      }}
    >
      {author}
      {body}
    </button>
  );
}
