/**
 * The one error type of the account and key-storage modules. `code` + `params` cross IPC so the
 * renderer can translate them (`errors.<code>`); `message` is plain English for logs and the CLI.
 * No message or param ever contains a secret (password, phrase, key) — only what the user typed
 * wrong in a phrase, which is needed to tell them which word to fix.
 */
import type { RecoveryPhraseError } from '../../crypto/recovery-phrase';

export type AccountErrorCode =
  | 'phrase.empty'
  | 'phrase.word-count'
  | 'phrase.unknown-word'
  | 'phrase.invalid-words'
  | 'phrase.checksum'
  | 'name.empty'
  | 'name.too-long'
  | 'account.exists'
  | 'account.none'
  | 'account.locked'
  | 'password.wrong'
  | 'password.empty'
  | 'password.too-short'
  | 'password.too-long'
  | 'password.needed'
  | 'keychain.unavailable'
  | 'storage.corrupt';

export type AccountErrorParams = Readonly<Record<string, string | number>>;

export class AccountError extends Error {
  constructor(
    readonly code: AccountErrorCode,
    message: string,
    readonly params: AccountErrorParams = {},
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

export function isAccountError(error: unknown, code?: AccountErrorCode): error is AccountError {
  return error instanceof AccountError && (code === undefined || error.code === code);
}

/** A recovery-phrase problem, worded so a person knows what to fix. */
export function phraseError(error: RecoveryPhraseError): AccountError {
  switch (error.kind) {
    case 'empty':
      return new AccountError('phrase.empty', 'the recovery phrase is empty: type its 13 words');
    case 'word-count':
      return new AccountError(
        'phrase.word-count',
        `the recovery phrase has ${error.count} word${error.count === 1 ? '' : 's'}; it needs exactly 13`,
        { count: error.count, expected: 13 },
      );
    case 'unknown-word':
      return new AccountError(
        'phrase.unknown-word',
        `word ${error.position} "${error.word}" is not in the word list`,
        { position: error.position, word: error.word },
      );
    case 'invalid-words': {
      const [a, b, c] = error.positions;
      return new AccountError(
        'phrase.invalid-words',
        `words ${a}, ${b} and ${c} do not form a valid group: one of them is probably mistyped`,
        { first: a, last: c, positions: `${a}, ${b}, ${c}` },
      );
    }
    case 'checksum':
      return new AccountError(
        'phrase.checksum',
        'the recovery phrase does not check out: a word is probably wrong or in the wrong place',
      );
  }
}

/** A file of the profile exists but cannot be read as what it should be. Never overwritten. */
export function corruptError(file: string, detail: string): AccountError {
  return new AccountError('storage.corrupt', `${file} is damaged (${detail}); it was left untouched`, {
    file,
  });
}

export function lockedError(): AccountError {
  return new AccountError('account.locked', 'the account is locked: enter its password first');
}

export function noAccountError(): AccountError {
  return new AccountError('account.none', 'there is no account in this profile yet');
}
