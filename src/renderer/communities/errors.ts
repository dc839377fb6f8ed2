import type { TFunction } from 'i18next';
import { describeError } from '../account/errors';
import type { IpcError } from '../../shared/ipc/result';

/**
 * A community failure in words: the core gives `community.<code>` as the reason, and each code
 * has its sentence under `communities.errors` (a bad link, an unknown room and an unreachable
 * server are each told apart).
 */
export function describeCommunityError(t: TFunction, error: IpcError): string {
  const code =
    error.reason?.startsWith('community.') === true ? error.reason.slice('community.'.length) : undefined;
  if (code !== undefined) {
    const text = t(`communities.errors.${code}`, { defaultValue: '' });
    if (text !== '') return text;
  }
  return describeError(t, error);
}
