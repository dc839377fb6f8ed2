import { z } from 'zod';

/** Idle-lock choices in minutes; 0 is off. Offered only while a password protects the keys. */
export const IDLE_LOCK_MINUTES = [0, 1, 5, 15, 60] as const;
export type IdleLockMinutes = (typeof IDLE_LOCK_MINUTES)[number];

/** How the app behaves on this computer: locking when idle, starting with the session. */
export const systemSettingsSchema = z.object({
  idleLockMinutes: z.literal(IDLE_LOCK_MINUTES),
  /** Electron only: open Veil when the user logs in to the computer. */
  startAtLogin: z.boolean(),
  /** Electron only: start in the tray, without showing the window. */
  startMinimised: z.boolean(),
  /** Electron only: closing the window leaves Veil in the tray (Quit is in the tray's menu). */
  closeToTray: z.boolean(),
});
export type SystemSettings = z.infer<typeof systemSettingsSchema>;

export const systemSettingsPatchSchema = systemSettingsSchema.partial().strict();
export type SystemSettingsPatch = z.infer<typeof systemSettingsPatchSchema>;

export const DEFAULT_SYSTEM_SETTINGS: SystemSettings = {
  idleLockMinutes: 0,
  startAtLogin: false,
  startMinimised: false,
  closeToTray: false,
};
