import type { EventName } from './contract';

/**
 * The contract's event names alone, for a process that only routes events (the host of the
 * core's worker: Electron's main process, the browser host) and so need not build every
 * payload schema of `contract.ts` at its start (issue #15, cold start). The compiler checks this
 * list against the contract's `events` both ways.
 */
export const EVENT_NAMES = [
  'portability.progress',
  'portability.finished',
  'communities.changed',
  'communities.posts',
  'communities.dms',
  'groups.changed',
  'settings.changed',
  'account.changed',
  'system.changed',
  'network.changed',
  'conversations.changed',
  'messages.changed',
  'messages.deleted',
  'messages.action',
  'typing.changed',
  'notification.show',
  'app.command',
  'avatars.changed',
  'core.restarted',
  'database.optimising',
  'attachments.changed',
] as const satisfies readonly EventName[];

// Every contract event is listed (the `satisfies` above checks that every listed one exists).
type Unlisted = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
type NoneLeft<T extends never> = T;
/** A compile error names the contract's event this list lacks. */
export type EveryEventListed = NoneLeft<Unlisted>;

const names: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && names.has(name);
}
