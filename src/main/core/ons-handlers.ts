/**
 * ONS names for the app and the CLI: the lookup (src/main/network/ons-resolve.ts) with its three
 * failures turned into the reasons the renderer translates (`reasons.ons.*`).
 */
import type { SessionId } from '../../crypto/keys';
import { IpcFailure } from '../../shared/ipc/result';
import { normalizeOnsName } from '../../shared/ons-name';
import type { Handlers } from '../ipc/dispatcher';
import { OnsError, resolveOnsName, type NetworkClient } from '../network';

export interface ResolvedName {
  readonly name: string;
  readonly sessionId: SessionId;
}

/** `name` (any case) → the Session ID it is registered to; throws IpcFailure with an `ons.*` reason. */
export async function resolveName(network: NetworkClient | undefined, text: string): Promise<ResolvedName> {
  const name = normalizeOnsName(text);
  if (name === undefined) throw new IpcFailure('invalid-arguments', 'not a valid ONS name', 'ons.invalid');
  if (!network) throw new IpcFailure('unavailable', 'no network to look the name up on', 'ons.network');
  try {
    return { name, sessionId: await resolveOnsName(network, name) };
  } catch (error) {
    if (!(error instanceof OnsError))
      throw new IpcFailure('unavailable', 'the name could not be looked up', 'ons.network');
    switch (error.reason) {
      case 'invalid-name':
        throw new IpcFailure('invalid-arguments', error.message, 'ons.invalid');
      case 'not-found':
        throw new IpcFailure('not-found', error.message, 'ons.unknown', { name });
      case 'network':
        throw new IpcFailure('unavailable', error.message, 'ons.network');
    }
  }
}

export function onsHandlers(network: () => NetworkClient | undefined): Pick<Handlers, 'ons.resolve'> {
  return { 'ons.resolve': ({ name }) => resolveName(network(), name) };
}
