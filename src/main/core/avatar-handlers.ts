import type { SessionId } from '../../crypto/keys';
import { AvatarService } from '../files/avatar-service';
import { FileError } from '../files/errors';
import { GroupPictures } from '../files/group-pictures';
import { fileServerSourceOf, type FileServerSource } from '../files/file-server-source';
import type { Handlers } from '../ipc/dispatcher';
import type { DomainBus } from '../domain/bus';
import type { NetworkClient } from '../network';
import { IpcFailure } from '../../shared/ipc/result';
import type { NetworkConfig } from './core-options';
import type { ProfileSession } from './session';

type AvatarCallNames = 'avatar.get' | 'avatar.getMany' | 'avatar.set' | 'avatar.remove';

/** What the avatars need from the core, passed explicitly (no import of the core itself). */
export interface AvatarDeps {
  readonly profileDir: string;
  readonly bus: DomainBus;
  readonly network: NetworkClient | undefined;
  /** The open session, or one opened for an unlocked account; never for a locked one. */
  readonly session: () => ProfileSession | undefined;
  readonly ownId: () => SessionId;
  readonly databaseKey: () => Uint8Array;
  /** A closed core never has a session again: renewal stops looking. */
  readonly isClosed: () => boolean;
  readonly config: Pick<NetworkConfig, 'fileServer' | 'seedUrls' | 'fileServerFromSeed'> | undefined;
  /** The core's one file-server source (shared with attachments); built from `config` if absent. */
  readonly fileServer?: FileServerSource;
  readonly log?: (line: string) => void;
}

function toIpc(e: unknown): never {
  if (!(e instanceof FileError)) throw e;
  const code =
    e.code === 'not-an-image' || e.code === 'too-large' || e.code === 'empty'
      ? 'invalid-arguments'
      : 'unavailable';
  throw new IpcFailure(code, e.message, `avatar.${e.code}`);
}

/**
 * The core's avatar service, following the domain bus (contacts' pictures from their messages,
 * ours from config sync). The file server comes from the network config: given (mainnet,
 * embedded devnet), asked of the seeds (a shared devnet), or none (offline core): then pictures
 * can be seen from the cache but not set or fetched.
 */
export function createAvatars(deps: AvatarDeps): AvatarService {
  const { config, log } = deps;
  const server: FileServerSource = deps.fileServer ?? fileServerSourceOf(config, log);
  const groupPictures = new GroupPictures({
    bus: deps.bus,
    session: deps.session,
    log: log ?? (() => undefined),
  });
  const service = new AvatarService({
    profileDir: deps.profileDir,
    bus: deps.bus,
    network: deps.network,
    fileServer: server,
    session: deps.session,
    ownId: deps.ownId,
    databaseKey: deps.databaseKey,
    groupPictureOf: (groupId) => {
      groupPictures.askOnce(groupId);
    },
    log: log ?? (() => undefined),
  });
  service.listen();
  groupPictures.attach(service);
  // Our picture must outlive the file server's retention: looked at 30 s after start (a path is
  // ready by then, as desktop waits), then every 6 hours. Unref'd: they never hold the app open.
  const first = setTimeout(() => {
    renew();
  }, 30_000).unref();
  const every = setInterval(() => {
    renew();
  }, 6 * 3_600_000).unref();
  function renew(): void {
    if (deps.isClosed()) {
      clearTimeout(first);
      clearInterval(every);
      return;
    }
    service.renewOwnIfStale().catch((e: unknown) => {
      log?.(`avatar renewal failed: ${e instanceof Error ? e.message : 'error'}`);
    });
  }
  return service;
}

/** Profile pictures over IPC. */
export function avatarHandlers(
  service: AvatarService,
  session: () => ProfileSession | undefined,
): Pick<Handlers, AvatarCallNames> {
  const unlocked = (): void => {
    if (!session()) throw new IpcFailure('unauthorized', 'no unlocked account', 'account.locked');
  };
  return {
    'avatar.get': ({ sessionId }) => ({ dataUrl: session() ? service.get(sessionId as SessionId) : null }),
    'avatar.getMany': ({ sessionIds }) => ({
      dataUrls: sessionIds.map((id) => (session() ? service.get(id as SessionId) : null)),
    }),
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
