import type { CallArgs, CallName, CallResult, EventName, EventPayload } from './contract';
import type { IpcResult } from './result';

/** What the renderer sees as `window.veil`, whether Electron's preload or the browser host provides it. */
export interface VeilBridge {
  readonly host: 'electron' | 'browser';
  invoke<N extends CallName>(name: N, args: CallArgs<N>): Promise<IpcResult<CallResult<N>>>;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The raw, untyped shape that crosses the process boundary. */
export interface RawBridge {
  readonly host: 'electron' | 'browser';
  invoke(name: string, args: unknown): Promise<unknown>;
  on(listener: (name: string, payload: unknown) => void): () => void;
}

export const ELECTRON_INVOKE_CHANNEL = 'veil:invoke';
export const ELECTRON_EVENT_CHANNEL = 'veil:event';
