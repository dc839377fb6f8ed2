/** A store's outcome within the time a row has left (outbox-sender.ts). */
export type Outcome =
  | { readonly kind: 'stored'; readonly hash: string }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'late' };

const LATE: Outcome = { kind: 'late' };

/**
 * The store's outcome, or 'late' once `ms` pass first. One promise and one reaction on the
 * store, resolved by whichever comes first (the later call does nothing): every message sent
 * went through an async function, two derived promises and a `Promise.race` here (issue #15).
 */
export function settleBy(store: Promise<{ readonly hash: string }>, ms: number): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    const timer = setTimeout(
      () => {
        resolve(LATE);
      },
      Math.max(0, ms),
    );
    store.then(
      ({ hash }) => {
        clearTimeout(timer);
        resolve({ kind: 'stored', hash });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ kind: 'error', error });
      },
    );
  });
}
