import type { EventName } from '../../shared/ipc/contract';
import type { IpcResult } from '../../shared/ipc/result';

export type CoreListener = (name: EventName, payload: unknown) => void;

/**
 * What a host (the Electron window, the browser host) needs of the core: calls in, events out.
 * `VeilCore` is one in this thread (the command line, unit tests); `WorkerCore` runs it in a
 * worker thread so that SQLite, decryption and polling never hold up the host's own thread.
 */
export interface CoreHandle {
  readonly profileDir: string;
  /** One untrusted call from the renderer; always answers an IpcResult. */
  dispatch(name: unknown, args: unknown): Promise<IpcResult<unknown>>;
  subscribe(listener: CoreListener): () => void;
  /**
   * A window is about to ask for its first state (`app.initialState`): the core answers it before
   * handling its first polls (core/first-screen.ts). Called by the hosts that open one.
   */
  expectWindow?(): void;
  close(): Promise<void>;
}
