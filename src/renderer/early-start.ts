import type { RawBridge } from '../shared/ipc/bridge';

/**
 * What the page's first script (`early-main.ts`, run before the page's module is fetched,
 * parsed and evaluated) has started: the transport, and the first screen's one call already on
 * its way (issue #15, cold start).
 */
export interface EarlyStart {
  /** The transport; events heard before anyone listens are held for the first listeners. */
  readonly raw: RawBridge;
  /** The raw answer to `app.initialState` (checked by the bridge, which takes it once). */
  readonly initialState: Promise<unknown>;
}

declare global {
  interface Window {
    /** Set by the page's first script (absent when it did not run, e.g. under vite's dev server). */
    veilEarly?: EarlyStart;
  }
}

/**
 * Wraps `base` so that events heard before the first subscriber are not lost: they are held,
 * then delivered in order to every listener subscribed in the same task as the first one (the
 * store subscribes to all its events together), before any event heard later.
 */
export function holdingEvents(base: RawBridge): RawBridge {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let held: [string, unknown][] | undefined = [];
  let flushing = false;
  const deliver = (name: string, payload: unknown) => {
    for (const l of [...listeners]) l(name, payload);
  };
  base.on((name, payload) => {
    if (held) held.push([name, payload]);
    else deliver(name, payload);
  });
  const flush = () => {
    const events = held ?? [];
    held = undefined;
    for (const [name, payload] of events) deliver(name, payload);
  };
  return {
    host: base.host,
    invoke: (name, args) => base.invoke(name, args),
    on(listener) {
      listeners.add(listener);
      if (held && !flushing) {
        flushing = true;
        queueMicrotask(flush);
      }
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/**
 * Listens first, then asks for the first screen's state, in that order as the store does
 * (`useApp.start`): an event heard after the question is newer than its answer.
 */
export function startEarly(base: RawBridge): EarlyStart {
  const raw = holdingEvents(base);
  const initialState = raw.invoke('app.initialState', {});
  // Taken by the bridge later: a failure is its to report, not an unhandled rejection now.
  initialState.catch(() => undefined);
  return { raw, initialState };
}
