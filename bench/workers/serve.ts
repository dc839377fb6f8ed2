import { isRequest, type CommandMap, type Push, type Reply } from '../lib/protocol';

export type Handlers<C extends CommandMap> = {
  readonly [K in keyof C]: (args: C[K]['args']) => Promise<C[K]['result']> | C[K]['result'];
};

function post(message: Reply | Push): void {
  // The parent may be gone (interrupted run): nothing to tell, and no EPIPE crash.
  if (!process.connected) return;
  process.send?.(message, (error: Error | null) => {
    if (error) process.exitCode = 1;
  });
}

export function push(message: Push): void {
  post(message);
}

/**
 * Answers the parent's commands one by one as they come (commands may overlap: each is its
 * own promise). The child exits when the parent goes away, so nothing outlives a crashed run.
 */
export function serve<C extends CommandMap>(
  handlers: Handlers<C>,
  onDisconnect: () => void = () => process.exit(0),
): void {
  process.on('message', (message: unknown) => {
    if (!isRequest(message)) return;
    const handler = (handlers as Record<string, ((args: unknown) => unknown) | undefined>)[message.cmd];
    if (!handler) {
      post({ id: message.id, ok: false, error: `unknown command ${message.cmd}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.args))
      .then(
        (value) => {
          post({ id: message.id, ok: true, value: value ?? null });
        },
        (error: unknown) => {
          post({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
        },
      );
  });
  process.on('disconnect', onDisconnect);
}
