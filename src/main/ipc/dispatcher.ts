import {
  calls,
  isCallName,
  type CallName,
  type CallResult,
  type ParsedCallArgs,
} from '../../shared/ipc/contract';
import { fail, IpcFailure, ok, type IpcResult } from '../../shared/ipc/result';

export type Handler<N extends CallName> = (args: ParsedCallArgs<N>) => Promise<CallResult<N>> | CallResult<N>;
export type Handlers = { readonly [N in CallName]: Handler<N> };

/**
 * Outside a packaged app (development, tests), every answer is checked against the contract's
 * result schema before it leaves, as events are (core/events.ts): a handler that answers the
 * wrong shape fails where it is made, with its call's name, instead of in the window (whose
 * bridge would refuse it as a "malformed answer" without saying which field).
 */
const CHECK_RESULTS = process.env.NODE_ENV !== 'production';

export interface DispatcherOptions {
  /** A handler slower than this answers `timeout` instead of leaving the renderer waiting. */
  readonly timeoutMs?: number;
  /** Check each answer against the contract (default: outside a packaged app). */
  readonly checkResults?: boolean;
  /** Receives unexpected errors; must not log arguments (they may hold secrets). */
  readonly onInternalError?: (name: CallName, error: unknown) => void;
}

/**
 * Validates and routes one untrusted call. Whatever arrives (unknown name, bad arguments,
 * a throwing or hanging handler), the caller gets an IpcResult back.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const checkResults = options.checkResults ?? CHECK_RESULTS;

  async function run<N extends CallName>(name: N, rawArgs: unknown): Promise<IpcResult<CallResult<N>>> {
    const parsed = calls[name].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') ?? '';
      return fail('invalid-arguments', `${name}: ${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}`);
    }
    const handler = handlers[name] as Handler<N>;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<IpcResult<never>>((resolve) => {
      timer = setTimeout(() => {
        resolve(fail('timeout', `${name} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      const work = Promise.resolve(handler(parsed.data as ParsedCallArgs<N>)).then((v) => ok(v));
      const answer = await Promise.race([work, timeout]);
      if (checkResults && answer.ok) {
        const checked = calls[name].result.safeParse(answer.value);
        if (!checked.success) {
          const issue = checked.error.issues[0];
          const where = issue?.path.join('.') ?? '';
          options.onInternalError?.(
            name,
            new Error(`malformed result: ${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}`),
          );
          return fail('internal', `${name} answered a malformed result`);
        }
      }
      return answer;
    } catch (error) {
      if (error instanceof IpcFailure) {
        const extra: { reason?: string; params?: Record<string, string | number> } = {};
        if (error.reason !== undefined) extra.reason = error.reason;
        if (error.params !== undefined) extra.params = error.params;
        return fail(error.code, error.message, extra);
      }
      options.onInternalError?.(name, error);
      return fail('internal', `${name} failed unexpectedly`);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    dispatch(name: unknown, rawArgs: unknown): Promise<IpcResult<unknown>> {
      if (!isCallName(name)) {
        return Promise.resolve(
          fail('unknown-call', `unknown call ${typeof name === 'string' ? name.slice(0, 64) : typeof name}`),
        );
      }
      return run(name, rawArgs);
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
