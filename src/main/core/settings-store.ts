import { join } from 'node:path';
import { DEFAULT_SETTINGS, settingsSchema, type Settings, type SettingsPatch } from '../../shared/settings';
import { readFileIfExists, writeFileAtomic } from '../util/atomic-file';

/** App settings in the profile folder. A damaged file falls back to defaults rather than blocking start. */
export class SettingsStore {
  private current: Settings;
  private readonly path: string;

  constructor(profileDir: string) {
    this.path = join(profileDir, 'settings.json');
    this.current = SettingsStore.load(this.path);
  }

  private static load(path: string): Settings {
    const raw = readFileIfExists(path);
    if (!raw) return { ...DEFAULT_SETTINGS };
    try {
      // Keep every valid field of a damaged file; a bad one falls back to its default alone.
      const stored = JSON.parse(raw.toString('utf8')) as unknown;
      const merged = { ...DEFAULT_SETTINGS };
      if (typeof stored === 'object' && stored !== null) {
        for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
          const field = settingsSchema.shape[key].safeParse((stored as Record<string, unknown>)[key]);
          if (field.success) Object.assign(merged, { [key]: field.data });
        }
      }
      return merged;
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }

  /** Reads the file again (an import replaced it). */
  reload(): Settings {
    this.current = SettingsStore.load(this.path);
    return this.get();
  }

  get(): Settings {
    return { ...this.current };
  }

  update(patch: SettingsPatch): Settings {
    this.current = settingsSchema.parse({ ...this.current, ...stripUndefined(patch) });
    writeFileAtomic(this.path, JSON.stringify(this.current, null, 2));
    return this.get();
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
