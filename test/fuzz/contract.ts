/** What a fuzz target is, and the checks every target applies to a decoder's answer. */
import type fc from 'fast-check';

export type Outcome = 'accepted' | 'rejected';

export interface FuzzTarget {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<unknown>;
  run(input: unknown): Outcome | Promise<Outcome>;
}

/** A bug found by a target's own checks (as opposed to an exception from the code under test). */
export class ContractViolation extends Error {}

export function target<T>(
  name: string,
  arbitrary: fc.Arbitrary<T>,
  run: (input: T) => Outcome | Promise<Outcome>,
): FuzzTarget {
  // The arbitrary produced the input, so it has type T.
  return { name, arbitrary, run: (input) => run(input as T) };
}

/** `{ok: true, …}` or `{ok: false, error}` with a typed error (an object with a `kind`, or a code). */
export function typed(r: unknown, what: string): Outcome {
  if (typeof r !== 'object' || r === null || !('ok' in r))
    throw new ContractViolation(`${what}: not a result`);
  if (r.ok === true) return 'accepted';
  if (r.ok !== false || !('error' in r)) throw new ContractViolation(`${what}: not a result`);
  const e = r.error;
  const kind =
    typeof e === 'string' ? e : typeof e === 'object' && e !== null && 'kind' in e ? e.kind : undefined;
  if (typeof kind !== 'string' || kind === '')
    throw new ContractViolation(`${what}: untyped error ${String(e)}`);
  return 'rejected';
}
