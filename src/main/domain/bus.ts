import type { DomainEvent, DomainEventOf, DomainEventType } from './events';

type AnyListener = (event: DomainEvent) => void;

/**
 * An error a subscriber may let through the bus: the IPC projection's check of an event against
 * the contract, so that a malformed event still fails where it is made (development and tests).
 */
export class BusContractError extends Error {}

/**
 * The core's one domain bus: synchronous, typed, in-process. Delivery is synchronous on purpose:
 * a subscriber sees the database exactly as the emitter left it (no stale read between a write
 * and its reaction); a subscriber with slow work (a download, a push) schedules it.
 */
export class DomainBus {
  private readonly listeners = new Set<AnyListener>();

  constructor(private readonly onError: (error: unknown, event: DomainEvent) => void = () => undefined) {}

  emit(event: DomainEvent): void {
    let contractError: BusContractError | undefined;
    // The live set: a subscriber added by another's reaction (a session opened on unlock) sees
    // this event too, as it would have been added just before it.
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (error) {
        // One broken subscriber must not stop the others, nor the emitter's work.
        if (error instanceof BusContractError) contractError ??= error;
        else this.onError(error, event);
      }
    }
    if (contractError) throw contractError;
  }

  /** Every event (the IPC projection). */
  subscribeAll(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Only the events of the given types, narrowed. */
  on<T extends DomainEventType>(
    types: T | readonly T[],
    listener: (event: DomainEventOf<T>) => void,
  ): () => void {
    const wanted = new Set<DomainEventType>(typeof types === 'string' ? [types] : types);
    return this.subscribeAll((event) => {
      if (wanted.has(event.type)) listener(event as DomainEventOf<T>);
    });
  }
}
