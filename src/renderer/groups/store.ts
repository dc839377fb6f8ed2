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
  start: (bridge: VeilBridge) => Promise<void>;
  openPanel: (groupId: string | undefined) => void;
  setCreating: (creating: boolean) => void;
  loadMembers: (groupId: string) => Promise<IpcError | undefined>;
}

export const useGroups = create<GroupState>()((set, get) => ({
  bridge: undefined,
  groups: [],
  open: undefined,
  creating: false,
  members: {},
  notice: undefined,

  async start(bridge) {
    set({ bridge });
    bridge.on('groups.changed', (groups) => {
      const open = get().open;
      set({ groups });
      if (open !== undefined) void get().loadMembers(open);
    });
    const r = await bridge.invoke('groups.list', {});
    if (r.ok) set({ groups: r.value });
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
    const r = await bridge.invoke('groups.members', { groupId });
    if (!r.ok) return r.error;
    set({ members: { ...get().members, [groupId]: r.value } });
    return undefined;
  },
}));
