/** The network layer (I/O side): see DEVELOPERS.md and network.md §1–§6. */
export { NetworkClient, type StatusListener } from './network-client';
export { fixedTarget, type RequestSpec, type RequestResult } from './request-loop';
export type { NetworkClientOptions, AttemptInfo } from './options';
export { NetworkError, type NetworkErrorCode } from './errors';
export { silentLogger, type NetworkLogger, type LogFields } from './logger';
export * from './swarm-api';
export {
  Poller,
  ownSwarm,
  memoryLastHashStore,
  lastHashKey,
  DEFAULT_POLL_INTERVAL_MS,
  OWN_NAMESPACES,
  type PolledMessage,
  type LastHashStore,
  type PollerOptions,
  type NamespaceRoute,
  type RoutedBatch,
  type RouteOutcome,
  type PollReport,
  type SwarmOwner,
} from './poller';
export { createSnodeTransport, httpPost, type HttpsSnodeTransport } from './https-transport';
export { fetchSeedPool, loadFallbackPool, MAINNET_SEED_URLS, seedRpcUrl } from './seed-client';
export { resolveOnsName, OnsError, ONS_CONFIRMATIONS, type OnsFailure } from './ons-resolve';
