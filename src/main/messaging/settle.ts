/** A store's outcome within the time a row has left (outbox-sender.ts). */
export type Outcome =
  | { readonly kind: 'stored'; readonly hash: string }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'late' };

/** The store's outcome, or 'late' once `ms` pass first. */
export async function settleBy(store: Promise<{ readonly hash: string }>, ms: number): Promise<Outcome> {
  const settled = store.then(
    ({ hash }): Outcome => ({ kind: 'stored', hash }),
    (error: unknown): Outcome => ({ kind: 'error', error }),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Outcome>((resolve) => {
    timer = setTimeout(
      () => {
        resolve({ kind: 'late' });
      },
      Math.max(0, ms),
    );
  });
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}
