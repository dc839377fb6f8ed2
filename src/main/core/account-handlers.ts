import type { AccountService } from '../account/account-service';
import { AccountError } from '../account/errors';
import { toIpcFailure } from '../account/ipc-errors';
import type { AccountSummary } from '../../shared/ipc/account';
import type { Handlers } from '../ipc/dispatcher';
import type { DomainBus } from '../domain/bus';
import { checkPhrase } from '../recovery-phrase';

/** Runs an account operation, turning its typed error into an IPC error the renderer translates. */
function guarded<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof AccountError) throw toIpcFailure(error);
    throw error;
  }
}

type AccountHandlerNames =
  | 'account.status'
  | 'account.create'
  | 'account.restore'
  | 'account.show'
  | 'account.revealPhrase'
  | 'account.setDisplayName'
  | 'account.unlock'
  | 'account.setPassword'
  | 'account.removePassword'
  | 'phrase.check';

/** The account part of the IPC contract. Secret keys never leave main; the phrase only on request. */
export function accountHandlers(
  account: AccountService,
  bus: DomainBus,
  /**
   * Resolves when the database file may be re-keyed: an older profile's page conversion
   * (page-conversion.ts) has the file to itself until it is over.
   */
  rekeyable: () => Promise<void> = () => Promise.resolve(),
): Pick<Handlers, AccountHandlerNames> {
  const summary = (): AccountSummary => {
    const s = account.show();
    return {
      sessionId: s.sessionId,
      displayName: s.displayName,
      protection: s.protection,
      keychainAvailable: account.keychainAvailable(),
    };
  };
  const changed = () => {
    bus.emit({ type: 'account.changed', status: account.status(), source: 'local' });
  };
  return {
    'account.status': () => guarded(() => account.status()),
    'account.create': ({ displayName }) =>
      guarded(() => {
        // The phrase is not returned here: the backup screen asks for it with revealPhrase.
        const created = account.create(displayName);
        changed();
        return { sessionId: created.sessionId, displayName: created.displayName };
      }),
    'account.restore': ({ phrase, displayName }) =>
      guarded(() => {
        const restored = account.restore(phrase, displayName);
        changed();
        return { sessionId: restored.sessionId, displayName: restored.displayName };
      }),
    'account.show': () => guarded(summary),
    'account.revealPhrase': ({ currentPassword }) =>
      guarded(() => ({ phrase: account.revealRecoveryPhrase(currentPassword) })),
    'account.setDisplayName': ({ displayName }) =>
      guarded(() => {
        account.setDisplayName(displayName);
        changed();
        return summary();
      }),
    'account.unlock': ({ password }) =>
      guarded(() => {
        const status = account.unlock(password);
        changed();
        return status;
      }),
    'account.setPassword': async ({ password, currentPassword }) => {
      await rekeyable();
      return guarded(() => {
        account.setPassword(password, currentPassword);
        return summary();
      });
    },
    'account.removePassword': async ({ currentPassword }) => {
      await rekeyable();
      return guarded(() => {
        account.removePassword(currentPassword);
        return summary();
      });
    },
    'phrase.check': ({ words, typingIndex }) => checkPhrase(words, typingIndex),
  };
}
