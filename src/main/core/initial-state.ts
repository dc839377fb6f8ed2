import type { Handlers } from '../ipc/dispatcher';
import type { InitialState } from '../../shared/ipc/contract';

async function orNull<T>(read: () => T | Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch {
    return null;
  }
}

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
    // Groups and rooms are two parts of the list pane: one that cannot be read is null, which
    // the page's store asks for again on its own (and reports), instead of the whole first
    // screen being unreachable.
    const [conversations, groups, communities] = await Promise.all([
      h['conversations.list']({}),
      orNull(() => h['groups.list']({})),
      orNull(() => h['communities.list']({})),
    ]);
    return { info, settings, account, network, conversations, groups, communities };
  };
}
