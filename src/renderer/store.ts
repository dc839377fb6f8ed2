import { create } from 'zustand';
import type { AccountStatus } from '../shared/ipc/account';
import type { NetworkStatus } from '../shared/ipc/network';
import type { AppInfo } from '../shared/ipc/contract';
import type { CommunityRoom } from '../shared/ipc/communities';
import type { GroupSummary } from '../shared/ipc/groups';
import type { Conversation } from '../shared/ipc/messaging';
import type { VeilBridge } from '../shared/ipc/bridge';
import type { IpcError } from '../shared/ipc/result';
import { useCommunities } from './communities/store';
import { useGroups } from './groups/store';
import { useMessaging } from './messaging/store';
import {
  clampZoom,
  DEFAULT_SETTINGS,
  ZOOM_STEP,
  type Settings,
  type SettingsPatch,
} from '../shared/settings';

export const SECTIONS = ['conversations', 'contacts', 'settings'] as const;
export type Section = (typeof SECTIONS)[number];
export const SETTINGS_PAGES = [
  'account',
  'recovery',
  'privacy',
  'network',
  'storage',
  'portability',
  'appearance',
  'language',
  'about',
] as const;
export type SettingsPage = (typeof SETTINGS_PAGES)[number];

interface AppState {
  readonly bridge: VeilBridge | undefined;
  readonly status: 'loading' | 'ready' | 'unreachable';
  readonly info: AppInfo | undefined;
  readonly settings: Settings;
  readonly section: Section;
  readonly settingsPage: SettingsPage;
  readonly lastError: IpcError | undefined;
  readonly account: AccountStatus | undefined;
  /** True from a first start without an account until the new account's backup is checked. */
  readonly onboarding: boolean;
  readonly network: NetworkStatus | undefined;
  /** An older profile's one-time database conversion: its percentage while it runs. */
  readonly optimising: number | undefined;
  openNetworkPage: () => void;
  setAccount: (account: AccountStatus) => void;
  finishOnboarding: () => Promise<void>;
  start: (bridge: VeilBridge) => Promise<void>;
  setSection: (section: Section) => void;
  setSettingsPage: (page: SettingsPage) => void;
  updateSettings: (patch: SettingsPatch) => Promise<void>;
  zoomBy: (steps: number) => Promise<void>;
  clearError: () => void;
}

/**
 * Events and answers travel by different channels (the browser host): an answer may be older
 * than an event heard while it travelled. Each count says how many events of a kind came, and an
 * answer is applied only where none came since it was asked for.
 */
const heard = { settings: 0, account: 0, network: 0 };

export const useApp = create<AppState>()((set, get) => ({
  bridge: undefined,
  status: 'loading',
  info: undefined,
  settings: DEFAULT_SETTINGS,
  section: 'conversations',
  settingsPage: 'account',
  lastError: undefined,
  account: undefined,
  onboarding: false,
  network: undefined,
  optimising: undefined,

  openNetworkPage() {
    set({ section: 'settings', settingsPage: 'network' });
  },

  setAccount(account) {
    set({ account });
  },

  async finishOnboarding() {
    const seen = heard.account;
    const status = await get().bridge?.invoke('account.status', {});
    if (status?.ok)
      set({
        ...(heard.account === seen ? { account: status.value } : {}),
        onboarding: false,
        section: 'conversations',
      });
  },

  async start(bridge) {
    set({ bridge, status: 'loading' });
    bridge.on('settings.changed', (next) => {
      heard.settings += 1;
      set({ settings: next });
    });
    bridge.on('account.changed', (next) => {
      heard.account += 1;
      set({ account: next });
    });
    bridge.on('network.changed', (next) => {
      heard.network += 1;
      set({ network: next });
    });
    // Heard before `account.changed` at an unlock: the lists are read once it says null.
    bridge.on('database.optimising', ({ percent }) => {
      set({ optimising: percent ?? undefined });
    });
    // The list pane's events are heard from now: one that comes before the first answer is
    // newer than the list in it (each list's store listens once started).
    let newerList: Conversation[] | undefined;
    let newerGroups: GroupSummary[] | undefined;
    let newerRooms: CommunityRoom[] | undefined;
    const early = [
      bridge.on('conversations.changed', (list) => {
        newerList = list;
      }),
      bridge.on('groups.changed', (list) => {
        newerGroups = list;
      }),
      bridge.on('communities.changed', (list) => {
        newerRooms = list;
      }),
    ];
    const stopEarly = () => {
      for (const stop of early) stop();
    };
    const seen = { ...heard };
    // The core's worker died: say so (what the new core holds follows as ordinary events).
    bridge.on('core.restarted', ({ restarted }) => {
      set({
        lastError: {
          code: 'unavailable',
          message: 'the core restarted',
          reason: restarted ? 'core.restarted' : 'core.stopped',
        },
      });
    });
    // One round trip for everything the first screen shows (each call crosses the host and
    // the core's worker): the conversation list comes with it when the account is unlocked.
    const initial = await bridge.invoke('app.initialState', {});
    if (!initial.ok) {
      stopEarly();
      set({ status: 'unreachable' });
      return;
    }
    const { info, settings, account, network, conversations, groups, communities } = initial.value;
    // The list pane's three stores start with their lists, so its first render is whole and
    // no other call (which would load the contract's schemas first) precedes it.
    if (conversations !== null) void useMessaging.getState().start(bridge, newerList ?? conversations);
    if (groups !== null) void useGroups.getState().start(bridge, newerGroups ?? groups);
    if (communities !== null) void useCommunities.getState().start(bridge, newerRooms ?? communities);
    stopEarly();
    set({
      info,
      ...(heard.settings === seen.settings ? { settings } : {}),
      ...(heard.account === seen.account ? { account } : {}),
      ...(heard.network === seen.network ? { network } : {}),
      onboarding: (heard.account === seen.account ? account : (get().account ?? account)).state === 'none',
      status: 'ready',
    });
  },

  setSection(section) {
    set({ section });
  },

  setSettingsPage(settingsPage) {
    set({ settingsPage });
  },

  async updateSettings(patch) {
    const { bridge, settings } = get();
    if (!bridge) return;
    // Optimistic: the UI follows at once; main's answer (or the event) is the truth.
    set({ settings: { ...settings, ...patch } as Settings });
    const seen = heard.settings;
    const result = await bridge.invoke('settings.update', patch);
    // A `settings.changed` heard meanwhile is at least as new as this answer: it stays.
    if (heard.settings !== seen) {
      if (!result.ok) set({ lastError: result.error });
    } else if (result.ok) set({ settings: result.value });
    else set({ settings, lastError: result.error });
  },

  async zoomBy(steps) {
    const current = get().settings.zoom;
    const zoom = steps === 0 ? 1 : clampZoom(current + steps * ZOOM_STEP);
    if (zoom !== current) await get().updateSettings({ zoom });
  },

  clearError() {
    set({ lastError: undefined });
  },
}));
