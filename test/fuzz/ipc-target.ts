/**
 * IPC arguments: `createDispatcher` over the real contract, with stub handlers whose behaviour
 * (answer, throw, typed failure, reject) is part of the input. Whatever the name and arguments,
 * the renderer must get an IpcResult back: never a throw, never a rejected promise.
 */
import fc from 'fast-check';
import { z } from 'zod';
import { createDispatcher, type Handlers } from '../../src/main/ipc/dispatcher';
import { calls, isCallName, type CallName } from '../../src/shared/ipc/contract';
import { IpcFailure, ipcErrorSchema } from '../../src/shared/ipc/result';
import { jsonLeaf } from './mutate';

export type HandlerBehaviour = 'value' | 'undefined' | 'throw' | 'ipc-failure' | 'reject';

export interface IpcInput {
  readonly name: unknown;
  readonly args: unknown;
  readonly behaviour: HandlerBehaviour;
}

const CALL_NAMES: readonly CallName[] = Object.keys(calls).filter(isCallName);

/** The argument keys a call's schema knows, so that generated objects are mostly well-formed. */
function argKeys(name: CallName): string[] {
  const schema: unknown = calls[name].args;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

export function ipcArbitrary(samples: readonly string[]): fc.Arbitrary<IpcInput> {
  const value: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 3, arbitrary: jsonLeaf },
    { weight: 3, arbitrary: fc.constantFrom(...samples) },
    { weight: 1, arbitrary: fc.string({ minLength: 95, maxLength: 420, size: 'max' }) },
    {
      weight: 1,
      arbitrary: fc.array(fc.oneof(fc.constantFrom(...samples), fc.string({ maxLength: 12 })), {
        maxLength: 45,
        size: 'max',
      }),
    },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  );
  const known = fc.constantFrom(...CALL_NAMES).chain((name) => {
    const keys = argKeys(name);
    const args = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, value])), { requiredKeys: [] }),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.record(Object.fromEntries(keys.map((k) => [k, value]))),
            fc.string({ maxLength: 10 }),
            value,
          )
          .map(([o, k, v]) => ({ ...o, [k]: v })),
      },
      { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
      { weight: 1, arbitrary: fc.constantFrom(undefined, null, [], '', 0) },
    );
    return fc.record({ name: fc.constant<unknown>(name), args });
  });
  const unknownName = fc.record({
    name: fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.constantFrom('__proto__', 'constructor', 'toString'),
      fc.anything(),
    ),
    args: fc.anything({ maxDepth: 2 }),
  });
  return fc
    .tuple(
      fc.oneof({ weight: 8, arbitrary: known }, { weight: 1, arbitrary: unknownName }),
      fc.constantFrom<HandlerBehaviour>(
        'value',
        'value',
        'value',
        'undefined',
        'throw',
        'ipc-failure',
        'reject',
      ),
    )
    .map(([call, behaviour]) => ({ ...call, behaviour }));
}

/** Returns true when the call was answered with a value, false for a typed IPC error. */
export function ipcTarget(): (input: IpcInput) => Promise<boolean> {
  let behaviour: HandlerBehaviour = 'value';
  const stub = (): unknown => {
    switch (behaviour) {
      case 'value':
        return null;
      case 'undefined':
        return undefined;
      case 'throw':
        throw new Error('handler failed');
      case 'ipc-failure':
        throw new IpcFailure('not-found', 'no such thing', 'fuzz.reason', { n: 1 });
      case 'reject':
        return Promise.reject(new Error('handler rejected'));
    }
  };
  // Stubs answer for every call; their results are not what the fuzzer checks (nor checked).
  const handlers = Object.fromEntries(CALL_NAMES.map((n) => [n, stub])) as unknown as Handlers;
  const dispatcher = createDispatcher(handlers, {
    timeoutMs: 900,
    checkResults: false,
    onInternalError: () => undefined,
  });
  return async (input) => {
    behaviour = input.behaviour;
    const r = await dispatcher.dispatch(input.name, input.args);
    if (r.ok) return true;
    const e = ipcErrorSchema.safeParse(r.error);
    if (!e.success) throw new Error(`dispatch returned a malformed IpcError: ${JSON.stringify(r.error)}`);
    return false;
  };
}
