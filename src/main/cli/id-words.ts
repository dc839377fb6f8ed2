/**
 * Session IDs typed on the command line, refused in the app's words (src/shared/i18n), never by
 * the parser's internal code ("not-hex" told a newcomer nothing).
 */
import type { SessionId } from '../../crypto/keys';
import { parseSessionIdInput, type SessionIdError } from '../../crypto/session-id';
import type { RecoveryPhraseError } from '../../crypto/recovery-phrase';
import { phraseError, type AccountError } from '../account/errors';
import type { Catalog } from '../../shared/i18n';
import { UsageError } from './context';

/** A catalog sentence with its {{placeholders}} filled. */
export function fillCatalog(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ''));
}

/** The catalog's sentence for why the text is not a Session ID, its {{placeholders}} filled. */
export function sessionIdWords(words: Catalog, error: SessionIdError): string {
  const { kind, ...params } = error;
  return fillCatalog(words.reasons.sessionId[kind], params);
}

/** A command's `<sessionId>` argument: the ID, or exit 2 with one line saying what is wrong. */
export function sessionIdArg(words: Catalog, text: string): SessionId {
  const parsed = parseSessionIdInput(text);
  if (!parsed.ok) throw new UsageError(sessionIdWords(words, parsed.error));
  return parsed.sessionId;
}

/** The catalog's sentence for why a recovery phrase is refused (the app's words: `reasons.phrase`). */
export function phraseWords(words: Catalog, error: RecoveryPhraseError): string {
  return accountErrorWords(words, phraseError(error));
}

/** An account failure in the app's words where the catalog has them (a phrase), else its own. */
export function accountErrorWords(words: Catalog, error: AccountError): string {
  const kind = error.code.startsWith('phrase.') ? error.code.slice('phrase.'.length) : undefined;
  const phrase: Readonly<Record<string, string>> = words.reasons.phrase;
  const key =
    kind === 'word-count' ? (error.params.count === 1 ? 'word-count_one' : 'word-count_other') : kind;
  const said = key !== undefined && Object.hasOwn(phrase, key) ? phrase[key] : undefined;
  return said === undefined ? error.message : fillCatalog(said, error.params);
}
