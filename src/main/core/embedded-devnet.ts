/**
 * The local devnet, loaded on demand: `resolveNetwork` imports this module dynamically, so the
 * Electron build puts the devnet (and its development-only packages such as `selfsigned`) in a
 * chunk of its own, `embedded-devnet.mjs`, that packages leave out (electron-builder.yml). The
 * packaged app runs on Session's network; `npm start`, the CLI and the tests embed this one.
 */
export { startDevnet } from '../../../devnet/index';
