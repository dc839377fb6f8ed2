import {
  completeWord,
  couldBecomeWord,
  decodeRecoveryPhrase,
  matchWord,
  RECOVERY_PHRASE_WORDS,
  normalizeWord,
} from '../../crypto/recovery-phrase';
import type { PhraseCheck } from '../../shared/ipc/account';
import { phraseError } from '../account/errors';

/**
 * Live validation of the restore form, one field per word: which words are recognised,
 * completions for the one being typed, and — once all 13 are there — whether the phrase checks out.
 * `typingIndex` is the field with the caret: an unfinished word there is "partial", not wrong.
 */
export function checkPhrase(fields: readonly string[], typingIndex: number | null): PhraseCheck {
  const words = fields.map((raw, i) => {
    const text = normalizeWord(raw);
    const match = text === '' ? null : (matchWord(text) ?? null);
    const stillTyping = i === typingIndex && couldBecomeWord(text);
    const status = match !== null ? 'ok' : text === '' || stillTyping ? 'partial' : 'unknown';
    return { text, status, match } as const;
  });
  const typed = typingIndex === null ? undefined : words[typingIndex]?.text;
  const suggestions = typed ? completeWord(typed, 6) : [];
  const filled = words.filter((w) => w.text !== '');

  let problem: PhraseCheck['problem'] = null;
  const firstUnknown = words.findIndex((w) => w.status === 'unknown');
  const unknown = words[firstUnknown];
  if (unknown) {
    const e = phraseError({ kind: 'unknown-word', position: firstUnknown + 1, word: unknown.text });
    problem = { reason: e.code, params: { ...e.params } };
  } else if (filled.length > RECOVERY_PHRASE_WORDS) {
    problem = {
      reason: 'phrase.word-count',
      params: { count: filled.length, expected: RECOVERY_PHRASE_WORDS },
    };
  } else if (filled.length === RECOVERY_PHRASE_WORDS && filled.every((w) => w.status === 'ok')) {
    const decoded = decodeRecoveryPhrase(filled.map((w) => w.text).join(' '));
    if (!decoded.ok) {
      const e = phraseError(decoded.error);
      problem = { reason: e.code, params: { ...e.params } };
    }
  }
  return { words, count: filled.length, suggestions, problem };
}
