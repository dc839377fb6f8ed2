import { join } from 'node:path';
import {
  DEFAULT_SYSTEM_SETTINGS,
  systemSettingsSchema,
  type SystemSettings,
  type SystemSettingsPatch,
} from '../../shared/ipc/system';
import { readFileIfExists, writeFileAtomic } from '../util/atomic-file';

export const SYSTEM_SETTINGS_FILE = 'system-settings.json';

/**
 * Idle lock, start at login, start minimised — in the profile, beside settings.json. Read by the
 * core and, at launch, by Electron's main process (before any window exists).
 */
export class SystemSettingsStore {
  private current: SystemSettings;
  private readonly path: string;

  constructor(profileDir: string) {
    this.path = join(profileDir, SYSTEM_SETTINGS_FILE);
    this.current = SystemSettingsStore.load(this.path);
  }

  /** A damaged file keeps its valid fields; the others fall back to their defaults. */
  private static load(path: string): SystemSettings {
    const merged = { ...DEFAULT_SYSTEM_SETTINGS };
    try {
      const raw = readFileIfExists(path);
      const stored = raw ? (JSON.parse(raw.toString('utf8')) as unknown) : undefined;
      if (typeof stored !== 'object' || stored === null) return merged;
      for (const key of Object.keys(DEFAULT_SYSTEM_SETTINGS) as (keyof SystemSettings)[]) {
        const field = systemSettingsSchema.shape[key].safeParse((stored as Record<string, unknown>)[key]);
        if (field.success) Object.assign(merged, { [key]: field.data });
      }
    } catch {
      // Unreadable or not JSON: defaults (idle lock off) rather than refusing to start.
    }
    return merged;
  }

  get(): SystemSettings {
    return { ...this.current };
  }

  update(patch: SystemSettingsPatch): SystemSettings {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.current = systemSettingsSchema.parse({ ...this.current, ...defined });
    writeFileAtomic(this.path, JSON.stringify(this.current, null, 2));
    return this.get();
  }
}
