import type { EventName, EventPayload } from '../../shared/ipc/contract';

type Listener = (name: EventName, payload: unknown) => void;

/** Fan-out of main → renderer events to every connected window or browser tab. */
export class EventHub {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
