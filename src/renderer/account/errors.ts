import type { TFunction } from 'i18next';
import type { IpcError } from '../../shared/ipc/result';

/** A sentence for the user: the precise reason when main gave one, else the general error. */
export function describeError(t: TFunction, error: IpcError): string {
  if (error.reason !== undefined) {
    const key = `reasons.${error.reason}`;
    const text = t(key, { ...error.params, defaultValue: '' });
    if (text !== '') return text;
  }
  return t(`errors.${error.code}`);
}
