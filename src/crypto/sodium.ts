import sodiumModule from 'libsodium-wrappers-sumo';

/** The libsodium API, available once {@link sodiumReady} has resolved. */
export type Sodium = typeof sodiumModule;

let readyPromise: Promise<Sodium> | undefined;
let loaded = false;

/** Resolves once libsodium's WebAssembly is initialised; safe to call many times. */
export function sodiumReady(): Promise<Sodium> {
  readyPromise ??= sodiumModule.ready.then(() => {
    loaded = true;
    return sodiumModule;
  });
  return readyPromise;
}

/**
 * libsodium for synchronous code paths. Entry points (CLI, core, tests) await
 * {@link sodiumReady} once, so that the pure functions stay synchronous.
 */
export function sodium(): Sodium {
  if (!loaded) throw new Error('libsodium is not initialised: await sodiumReady() first');
  return sodiumModule;
}
