import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcResult } from '../../shared/ipc/result';
import { describeGroupError } from './errors';

export type ActionState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'done'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string };

/**
 * Runs one group operation at a time for a panel and keeps what came of it in words: the
 * operation's own sentence when it worked, its translated failure otherwise.
 */
export function useGroupAction(): {
  state: ActionState;
  run: (call: () => Promise<IpcResult<unknown>> | undefined, done?: string) => Promise<boolean>;
} {
  const { t } = useTranslation();
  const [state, setState] = useState<ActionState>({ kind: 'idle' });
  const run = useCallback(
    async (call: () => Promise<IpcResult<unknown>> | undefined, done?: string) => {
      setState({ kind: 'busy' });
      const r = await call();
      if (!r) {
        setState({ kind: 'idle' });
        return false;
      }
      if (r.ok) setState({ kind: 'done', text: done ?? t('groups.done') });
      else setState({ kind: 'error', text: describeGroupError(t, r.error) });
      return r.ok;
    },
    [t],
  );
  return { state, run };
}
