import type { SessionId } from '../../crypto/keys';
import { AvatarService } from '../files/avatar-service';
import { FileError } from '../files/errors';
import { fileServerSourceOf, type FileServerSource } from '../files/file-server-source';
import { registerAvatarHooks } from '../files/profile-hooks';
import type { Handlers } from '../ipc/dispatcher';
import { IpcFailure } from '../../shared/ipc/result';
import type { NetworkConfig, VeilCore } from './core';

type AvatarCallNames = 'avatar.get' | 'avatar.set' | 'avatar.remove';

/** What the avatar handlers need from the core (all public on VeilCore). */
type AvatarCore = Pick<
  VeilCore,
  'profileDir' | 'events' | 'network' | 'account' | 'ensureSession' | 'isClosed'
>;

function toIpc(e: unknown): never {
  if (!(e instanceof FileError)) throw e;
  const code =
    e.code === 'not-an-image' || e.code === 'too-large' || e.code === 'empty'
      ? 'invalid-arguments'
      : 'unavailable';
  throw new IpcFailure(code, e.message, `avatar.${e.code}`);
}

/**
 * Profile pictures over IPC, and the service's hooks into messaging (registered under the
 * core's EventHub). The file server comes from the network config: given (mainnet, embedded
 * devnet), asked of the seeds (a shared devnet), or none (offline core): then pictures can be
 * seen from the cache but not set or fetched.
 */
export function avatarHandlers(
  core: AvatarCore,
  config: Pick<NetworkConfig, 'fileServer' | 'seedUrls' | 'fileServerFromSeed'> | undefined,
  log?: (line: string) => void,
  /** The core's one file-server source (shared with attachments); built from `config` if absent. */
  source?: FileServerSource,
): Pick<Handlers, AvatarCallNames> {
  const server: FileServerSource = source ?? fileServerSourceOf(config, log);
  // Never opens a session for a locked account (ensureSession checks), reuses the open one.
  const session = () => core.ensureSession();
  const service = new AvatarService({
    profileDir: core.profileDir,
    events: core.events,
    network: core.network,
    fileServer: server,
    session,
    ownId: () => core.account.identity().sessionId,
    databaseKey: () => core.account.databaseKey(),
    log: log ?? (() => undefined),
  });
  registerAvatarHooks(core.events, service);
  // Our picture must outlive the file server's retention: looked at 30 s after start (a path is
  // ready by then, as desktop waits), then every 6 hours. Unref'd: they never hold the app open.
  const first = setTimeout(() => {
    renew();
  }, 30_000).unref();
  const every = setInterval(() => {
    renew();
  }, 6 * 3_600_000).unref();
  function renew(): void {
    // A closed core never has a session again: stop looking.
    if (core.isClosed()) {
      clearTimeout(first);
      clearInterval(every);
      return;
    }
    service.renewOwnIfStale().catch((e: unknown) => {
      log?.(`avatar renewal failed: ${e instanceof Error ? e.message : 'error'}`);
    });
  }
  const unlocked = (): void => {
    if (!session()) throw new IpcFailure('unauthorized', 'no unlocked account', 'account.locked');
  };
  return {
    'avatar.get': ({ sessionId }) => ({ dataUrl: session() ? service.get(sessionId as SessionId) : null }),
    'avatar.set': async ({ image }) => {
      unlocked();
      try {
        return { dataUrl: await service.setOwn(new Uint8Array(Buffer.from(image, 'base64'))) };
      } catch (e) {
        return toIpc(e);
      }
    },
    'avatar.remove': () => {
      unlocked();
      try {
        service.removeOwn();
      } catch (e) {
        toIpc(e);
      }
      return null;
    },
  };
}
