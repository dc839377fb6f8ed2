import type { Handlers } from '../ipc/dispatcher';
import type { InitialState } from '../../shared/ipc/contract';

/**
 * `app.initialState`: the first screen's seven reads answered together from the existing
 * handlers (so each keeps its one definition). The lists are read only when the account is
 * ready: a locked or new profile has no database open, and its lists would be errors.
 */
export function initialStateHandler(h: Omit<Handlers, 'app.initialState'>) {
  return async (): Promise<InitialState> => {
    const [info, settings, account, network] = await Promise.all([
      h['app.info']({}),
      h['settings.get']({}),
      h['account.status']({}),
      h['network.status']({}),
    ]);
    if (account.state !== 'ready')
      return { info, settings, account, network, conversations: null, groups: null, communities: null };
    const [conversations, groups, communities] = await Promise.all([
      h['conversations.list']({}),
      h['groups.list']({}),
      h['communities.list']({}),
    ]);
    return { info, settings, account, network, conversations, groups, communities };
  };
}
