import type * as ContractModule from '../shared/ipc/contract';
import type { CallName } from '../shared/ipc/contract';
import type { RawBridge, VeilBridge } from '../shared/ipc/bridge';
import { avatarManyResultSchema } from '../shared/ipc/avatar';
import { initialStateSchema } from '../shared/ipc/initial-state';
import { httpRawBridge } from './http-bridge';
import { ipcErrorSchema, type IpcResult } from '../shared/ipc/result';

type Contract = typeof ContractModule;

/**
 * The contract's schemas, built on first need (issue #15, cold start): building every call's and
 * event's schema was half of the page's script evaluation before its first render, which needs
 * only the initial state's (`initial-state.ts`, checked on its own). Any other call loads them
 * before it is sent; events that come before them are held, in order, until the page is idle
 * (after its first render) or a call loads them, and are delivered before anything else is.
 */
class LazyContract {
  /** `firstRender`: no idle loading before it (see `createBridge`). */
  constructor(private readonly firstRender: Promise<void>) {}

  private loaded: Contract | undefined;
  private loading: Promise<Contract> | undefined;
  private scheduled = false;
  private readonly held: ((c: Contract) => void)[] = [];

  load(): Promise<Contract> {
    this.loading ??= import('../shared/ipc/contract').then(
      (contract) => {
        this.loaded = contract;
        for (const deliver of this.held.splice(0)) deliver(contract);
        return contract;
      },
      (error: unknown) => {
        this.loading = undefined; // the next need tries again
        throw error;
      },
    );
    return this.loading;
  }

  /** Runs `deliver` now if the schemas are built, else once they are (in arrival order). */
  whenLoaded(deliver: (c: Contract) => void): void {
    if (this.loaded) {
      deliver(this.loaded);
      return;
    }
    this.held.push(deliver);
    if (this.scheduled) return;
    this.scheduled = true;
    const load = (): void => {
      this.load().then(
        () => {
          this.scheduled = false;
        },
        () => {
          this.scheduled = false; // the chunk could not be fetched: the next event tries again
        },
      );
    };
    // Not before the first render: an early event (the network's progress) can wait for it.
    this.whenIdle(load, 1000);
  }

  /** Runs `load` when the page is first idle after its first render. */
  whenIdle(load: () => void, timeout?: number): void {
    void this.firstRender.then(() => {
      if (typeof requestIdleCallback === 'function')
        requestIdleCallback(load, timeout !== undefined ? { timeout } : undefined);
      else load();
    });
  }
}

interface ResultSchema {
  safeParse(value: unknown): { success: true; data: unknown } | { success: false };
}

/**
 * The calls the first screen makes, each checked with its own schema (the contract's, from a
 * module of its own) instead of waiting for the whole contract: its state, then its list's
 * pictures right after its first render (fetching and building the contract then put it on the
 * path to the first screen's frame in 2 of 5 traced starts; issue #15, cold start).
 */
export const FIRST_SCREEN_RESULTS: Partial<Record<CallName, ResultSchema>> = {
  'app.initialState': initialStateSchema,
  'avatar.getMany': avatarManyResultSchema,
};

/**
 * Wraps the untyped transport in the typed contract, validating what comes back. `firstRender`
 * resolves once the first screen is rendered: the page is idle while `app.initialState`
 * travels, and building the contract's schemas then (tens of ms, one task) would hold the
 * answer, and so the first render, behind it (issue #15, cold start). `sentInitialState`: the
 * raw answer to an `app.initialState` already asked on `raw` (by the page's first script, see
 * `early-start.ts`), which the first such call takes instead of asking again.
 */
export function createBridge(
  raw: RawBridge = window.veilRaw ?? httpRawBridge(),
  firstRender: Promise<void> = Promise.resolve(),
  sentInitialState?: Promise<unknown>,
): VeilBridge {
  const contract = new LazyContract(firstRender);
  let early = sentInitialState;
  // Ready before the first click needs it (opening a conversation asks for its page): built
  // when the page is first idle after its first render.
  contract.whenIdle(() => {
    contract.load().catch(() => undefined); // only a head start: a call loads it again
  });
  return {
    host: raw.host,
    async invoke(name, args) {
      try {
        // The first screen's calls are checked with their own schemas; any other needs the rest,
        // loaded before the call leaves so that its answer is checked the moment it comes.
        const own = FIRST_SCREEN_RESULTS[name];
        const schema = own ?? (await contract.load()).calls[name].result;
        const sent = name === 'app.initialState' ? early : undefined;
        if (sent) early = undefined; // later ones (none today) ask afresh
        const answer = await (sent ?? raw.invoke(name, args));
        return checkResult(name, answer, schema);
      } catch (error) {
        return { ok: false, error: { code: 'unavailable', message: String(error) } };
      }
    },
    on(name, listener) {
      return raw.on((eventName, payload) => {
        if (eventName !== name) return;
        contract.whenLoaded((c) => {
          if (!c.isEventName(eventName)) return;
          const parsed = c.events[eventName].safeParse(payload);
          if (parsed.success) listener(parsed.data as Parameters<typeof listener>[0]);
          // Dropped, but never silently: a malformed event is a bug in main worth seeing.
          else console.warn(`veil: malformed ${eventName} event ignored`, parsed.error.issues[0]?.path ?? []);
        });
      });
    },
  };
}

function checkResult(name: CallName, answer: unknown, schema: ResultSchema): IpcResult<never> {
  const a = answer as { ok?: unknown; value?: unknown; error?: unknown } | null;
  if (a?.ok === true) {
    const parsed = schema.safeParse(a.value);
    if (parsed.success) return { ok: true, value: parsed.data as never };
    return { ok: false, error: { code: 'internal', message: `malformed answer to ${name}` } };
  }
  const err = ipcErrorSchema.safeParse(a?.error);
  return {
    ok: false,
    error: err.success ? err.data : { code: 'internal', message: `malformed answer to ${name}` },
  };
}
