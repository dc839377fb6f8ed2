import { events, type EventName, type EventPayload } from '../../shared/ipc/contract';
import { BusContractError } from '../domain/bus';

type Listener = (name: EventName, payload: unknown) => void;

/**
 * Outside a packaged app (development, tests), every event is checked against the contract
 * before it leaves: a malformed payload fails where it is made, not silently in the window.
 */
const CHECK_EVENTS = process.env.NODE_ENV !== 'production';

/**
 * Fan-out of main → renderer events to every connected window or browser tab. Inside the core
 * only the IPC projection of the domain bus emits here (src/main/ipc/event-projection.ts).
 */
export class EventHub {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly check = CHECK_EVENTS) {}

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    if (this.check) {
      const parsed = events[name].safeParse(payload);
      if (!parsed.success)
        throw new BusContractError(
          `malformed ${name} event: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        );
    }
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
