/**
 * What changed here and is not yet in the configs: the conversations named by the domain bus,
 * or everything, and the parts of UserGroups / UserProfile that changed. Changes within
 * {@link LOCAL_COALESCE_MS} are collected together: a catch-up or a burst of changes names the
 * same conversation many times, and each collect ends in database writes.
 */
import type { SessionId } from '../../crypto/keys';

export const LOCAL_COALESCE_MS = 30;

/** One collect's worth of changes; `ids` undefined: every conversation. */
export interface PendingChanges {
  readonly ids: ReadonlySet<SessionId> | undefined;
  /** Communities joined or left here (UserGroups `o`). */
  readonly communities: boolean;
  /** Rooms whose posts or read mark changed (ConvoInfoVolatile `o`); undefined: every room. */
  readonly rooms: ReadonlySet<number> | undefined;
  /** Groups created, joined or left here (UserGroups `g`). */
  readonly groups: boolean;
  /** Our community-requests setting (UserProfile `M`). */
  readonly profileSettings: boolean;
}

export type ChangeFlag = 'communities' | 'groups' | 'profileSettings';

export class LocalChanges {
  private readonly ids = new Set<SessionId>();
  private readonly rooms = new Set<number>();
  private all = false;
  private readonly flags = new Set<ChangeFlag>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `flush` is called once, {@link LOCAL_COALESCE_MS} after the first change of a burst. */
  constructor(private readonly flush: () => void) {}

  /** These conversations (none: only `flag`), or without `ids`, every one. */
  add(ids?: readonly SessionId[], flag?: ChangeFlag): void {
    if (ids === undefined) this.all = true;
    else for (const id of ids) this.ids.add(id);
    if (flag) this.flags.add(flag);
    this.arm();
  }

  /** These community rooms (their read state). */
  addRooms(roomIds: readonly number[]): void {
    for (const id of roomIds) this.rooms.add(id);
    this.arm();
  }

  private arm(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, LOCAL_COALESCE_MS);
  }

  /** What is pending, now cleared; undefined when nothing is. */
  take(): PendingChanges | undefined {
    this.cancel();
    if (!this.all && this.ids.size === 0 && this.rooms.size === 0 && this.flags.size === 0) return undefined;
    const taken: PendingChanges = {
      ids: this.all ? undefined : new Set(this.ids),
      communities: this.flags.has('communities'),
      rooms: this.all ? undefined : new Set(this.rooms),
      groups: this.flags.has('groups'),
      profileSettings: this.flags.has('profileSettings'),
    };
    this.ids.clear();
    this.rooms.clear();
    this.all = false;
    this.flags.clear();
    return taken;
  }

  /** Stops the timer (what is pending stays, for the next `take`). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
