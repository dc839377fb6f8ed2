import type { Handlers } from '../ipc/dispatcher';
import type { InitialState } from '../../shared/ipc/contract';

/**
 * `app.initialState`: the first screen's five reads answered together from the existing
 * handlers (so each keeps its one definition). Conversations are read only when the account is
 * ready: a locked or new profile has no database open, and its list would be an error.
 */
export function initialStateHandler(h: Omit<Handlers, 'app.initialState'>) {
  return async (): Promise<InitialState> => {
    const [info, settings, account, network] = await Promise.all([
      h['app.info']({}),
      h['settings.get']({}),
      h['account.status']({}),
      h['network.status']({}),
    ]);
    const conversations = account.state === 'ready' ? await h['conversations.list']({}) : null;
    return { info, settings, account, network, conversations };
  };
}
