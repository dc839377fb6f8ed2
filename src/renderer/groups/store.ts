import { create } from 'zustand';
import type { VeilBridge } from '../../shared/ipc/bridge';
import type { GroupMember, GroupSummary } from '../../shared/ipc/groups';
import type { IpcError } from '../../shared/ipc/result';

/**
 * Our private groups for the window: the list (kept by `groups.changed`), which group's panel is
 * open, and its members (asked again whenever the list changes, since a member's status changes
 * the group). The group's conversation itself belongs to the messaging store.
 */
interface GroupState {
  readonly bridge: VeilBridge | undefined;
  readonly groups: readonly GroupSummary[];
  /** The group whose details panel is open. */
  readonly open: string | undefined;
  /** The New group form is open. */
  readonly creating: boolean;
  readonly members: Readonly<Record<string, readonly GroupMember[]>>;
  /** A sentence for the open panel (what the last action did, or could not do). */
  readonly notice: string | undefined;
  /** Listens to the core; reads the list unless the caller already has it (app.initialState). */
  start: (bridge: VeilBridge, groups?: readonly GroupSummary[]) => Promise<void>;
  openPanel: (groupId: string | undefined) => void;
  setCreating: (creating: boolean) => void;
  loadMembers: (groupId: string) => Promise<IpcError | undefined>;
}

/**
 * Events and answers travel by different channels (the browser host), so an answer may be older
 * than an event that came before it: these count what was asked and heard, and an older answer
 * is dropped.
 */
let listEvents = 0;
const membersAsked = new Map<string, number>();
let membersSeq = 0;

export const useGroups = create<GroupState>()((set, get) => ({
  bridge: undefined,
  groups: [],
  open: undefined,
  creating: false,
  members: {},
  notice: undefined,

  async start(bridge, groups) {
    set({ bridge, ...(groups ? { groups } : {}) });
    bridge.on('groups.changed', (groups) => {
      listEvents += 1;
      const open = get().open;
      set({ groups });
      if (open !== undefined) void get().loadMembers(open);
    });
    if (groups) return;
    const seen = listEvents;
    const r = await bridge.invoke('groups.list', {});
    // A `groups.changed` that came meanwhile is newer than this answer.
    if (r.ok && listEvents === seen) set({ groups: r.value });
  },

  openPanel(groupId) {
    set({ open: groupId, notice: undefined, ...(groupId !== undefined ? { creating: false } : {}) });
    if (groupId !== undefined) void get().loadMembers(groupId);
  },

  setCreating(creating) {
    set({ creating, ...(creating ? { open: undefined } : {}) });
  },

  async loadMembers(groupId) {
    const bridge = get().bridge;
    if (!bridge) return undefined;
    const seq = ++membersSeq;
    membersAsked.set(groupId, seq);
    const r = await bridge.invoke('groups.members', { groupId });
    if (!r.ok) return r.error;
    // Asked again meanwhile (the group changed): only the latest answer is shown.
    if (membersAsked.get(groupId) !== seq) return undefined;
    set({ members: { ...get().members, [groupId]: r.value } });
    return undefined;
  },
}));
