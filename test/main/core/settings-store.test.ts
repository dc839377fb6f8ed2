import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../src/main/core/settings-store';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { tempDir } from '../../helpers/temp-dir';

const profile = () => tempDir('veil-settings-');

describe('SettingsStore', () => {
  it('starts from defaults and persists updates for the next start', () => {
    const dir = profile();
    const store = new SettingsStore(dir);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    store.update({ theme: 'dark', language: 'fr' });
    expect(new SettingsStore(dir).get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', language: 'fr' });
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('keeps the valid fields of a damaged file and defaults the rest', () => {
    const dir = profile();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'dark', zoom: 40, language: 12 }));
    expect(new SettingsStore(dir).get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
  });

  it('starts with defaults when the file is not JSON at all', () => {
    const dir = profile();
    writeFileSync(join(dir, 'settings.json'), '\u0000garbage{');
    expect(new SettingsStore(dir).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses an invalid update and leaves the file unchanged', () => {
    const dir = profile();
    const store = new SettingsStore(dir);
    store.update({ zoom: 1.5 });
    const before = readFileSync(join(dir, 'settings.json'), 'utf8');
    expect(() => store.update({ zoom: 7 })).toThrow();
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(before);
  });
});
