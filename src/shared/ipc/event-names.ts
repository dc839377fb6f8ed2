/**
 * The contract's event names alone, for a process that only routes events (the host of the
 * core's worker: Electron's main process, the browser host) and so need not build every
 * payload schema of `contract.ts` at its start (issue #15, cold start). `contract.ts`, which
 * imports it (never the other way: no cycle), has the compiler check it against its `events`
 * both ways.
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
] as const;

/** The same union as the contract's `EventName` (checked there). */
export type ListedEventName = (typeof EVENT_NAMES)[number];

const names: ReadonlySet<string> = new Set(EVENT_NAMES);

export function isEventName(name: unknown): name is ListedEventName {
  return typeof name === 'string' && names.has(name);
}
