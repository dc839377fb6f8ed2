import type { TFunction } from 'i18next';
import { describeError } from '../account/errors';
import type { IpcError } from '../../shared/ipc/result';

/**
 * A group failure in words: the core gives `group.<code>` as the reason and each code has its
 * sentence under `groups.errors` or `groupKick.errors` (not an admin, unknown group, administration not available…).
 */
export function describeGroupError(t: TFunction, error: IpcError): string {
  const code = error.reason?.startsWith('group.') === true ? error.reason.slice('group.'.length) : undefined;
  if (code !== undefined) {
    // Later codes have their sentence with their feature (`groupKick.errors`).
    const text =
      t(`groups.errors.${code}`, { defaultValue: '' }) || t(`groupKick.errors.${code}`, { defaultValue: '' });
    if (text !== '') return text;
  }
  return describeError(t, error);
}
