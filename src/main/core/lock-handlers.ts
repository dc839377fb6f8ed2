import type { AccountService } from '../account/account-service';
import type { Handlers } from '../ipc/dispatcher';
import type { NetworkClient } from '../network';
import { IdleLock } from '../security/idle-lock';
import { SystemSettingsStore } from '../security/system-settings-store';
import { IpcFailure } from '../../shared/ipc/result';
import type { DomainBus } from '../domain/bus';

/** What locking needs from VeilCore (its public surface; no private access). */
export interface LockableCore {
  readonly profileDir: string;
  readonly account: AccountService;
  readonly domain: DomainBus;
  readonly network: NetworkClient | undefined;
  /** Closes the session (messaging, poller, database), stops the network, wipes the keys. */
  lock(): Promise<void>;
}

type LockHandlerNames = 'account.lock' | 'app.activity' | 'system.get' | 'system.update';

function passwordProtected(account: AccountService): boolean {
  try {
    return account.protection() === 'password';
  } catch {
    return false; // no account yet
  }
}

/**
 * Lock now, the idle lock, and the computer-level settings. Locking only makes sense with a
 * password: without one, the keys would unlock themselves again at the next call.
 */
export function lockHandlers(
  core: LockableCore,
  log?: (line: string) => void,
  minuteMs?: number,
): Pick<Handlers, LockHandlerNames> {
  const store = new SystemSettingsStore(core.profileDir);
  // status() of a password account never unlocks it, so this check has no side effect.
  const unlockedWithPassword = () =>
    passwordProtected(core.account) && core.account.status().state === 'ready';

  let locking: Promise<void> | undefined;
  const lock = (): Promise<void> => {
    locking ??= (async () => {
      if (!unlockedWithPassword()) return;
      await core.lock();
      // The network is not secret and keeps paths warm for the next unlock.
      void core.network?.start();
      core.domain.emit({ type: 'account.changed', status: core.account.status(), source: 'local' });
    })().finally(() => {
      locking = undefined;
    });
    return locking;
  };

  const idle = new IdleLock({
    minutes: () => store.get().idleLockMinutes,
    canLock: unlockedWithPassword,
    lock,
    ...(minuteMs !== undefined ? { minuteMs } : {}),
    onError: (error) => log?.(`idle lock failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  core.domain.on('account.changed', (e) => {
    // Unlocking starts a fresh countdown.
    if (e.status.state === 'ready') idle.reset();
  });
  idle.reset();

  return {
    'account.lock': async () => {
      if (!passwordProtected(core.account)) {
        throw new IpcFailure('conflict', 'set a password before locking', 'lock.needsPassword');
      }
      await lock();
      return core.account.status();
    },
    'app.activity': () => {
      idle.activity();
      return null;
    },
    'system.get': () => store.get(),
    'system.update': (patch) => {
      const next = store.update(patch);
      idle.reset();
      core.domain.emit({ type: 'system.changed', settings: next });
      return next;
    },
  };
}
