/**
 * Session's seed nodes. Apart from the seed client so that Electron's main process, which only
 * names them (core/network-config), does not load the network and crypto code (libsodium, socks)
 * that the core's worker runs.
 */
export const MAINNET_SEED_URLS: readonly string[] = [
  'https://seed1.getsession.org:4443/',
  'https://seed2.getsession.org:4443/',
  'https://seed3.getsession.org:4443/',
];
