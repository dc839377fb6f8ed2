/** Config sync: our own swarm's config namespaces ↔ the app (issue 8). */
export { ConfigSync, type ConfigSyncOptions } from './config-sync';
export { configSyncHandlers, fetchProfileOfPhrase } from './handlers';
export { fetchProfile, RECOVERY_TIMEOUT_MS, type FetchedProfile } from './fetch-profile';
export { CONFIG_TTL_MS } from './push';
