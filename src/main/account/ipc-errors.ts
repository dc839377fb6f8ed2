/**
 * How an AccountError crosses IPC: the generic IPC code for the dispatcher, and our code + params
 * as `reason`/`params` for the renderer to translate (`errors.account.<code>` or similar).
 */
import { IpcFailure, type IpcErrorCode } from '../../shared/ipc/result';
import type { AccountError, AccountErrorCode } from './errors';

const IPC_CODE: Readonly<Record<AccountErrorCode, IpcErrorCode>> = {
  'phrase.empty': 'invalid-arguments',
  'phrase.word-count': 'invalid-arguments',
  'phrase.unknown-word': 'invalid-arguments',
  'phrase.invalid-words': 'invalid-arguments',
  'phrase.checksum': 'invalid-arguments',
  'name.empty': 'invalid-arguments',
  'name.too-long': 'invalid-arguments',
  'password.empty': 'invalid-arguments',
  'password.too-short': 'invalid-arguments',
  'password.too-long': 'invalid-arguments',
  'password.needed': 'unauthorized',
  'account.exists': 'conflict',
  'account.none': 'not-found',
  'account.locked': 'unauthorized',
  'password.wrong': 'unauthorized',
  'keychain.unavailable': 'unavailable',
  'storage.corrupt': 'internal',
};

export function toIpcFailure(error: AccountError): IpcFailure {
  return new IpcFailure(IPC_CODE[error.code], error.message, error.code, { ...error.params });
}
