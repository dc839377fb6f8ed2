import { useEffect, useState } from 'react';
import type { SystemSettings, SystemSettingsPatch } from '../../shared/ipc/system';
import { useApp } from '../store';

/** The computer-level settings (idle lock, startup), kept fresh from main's events. */
export function useSystemSettings(): [SystemSettings | undefined, (patch: SystemSettingsPatch) => void] {
  const bridge = useApp((s) => s.bridge);
  const [settings, setSettings] = useState<SystemSettings | undefined>(undefined);
  useEffect(() => {
    if (!bridge) return undefined;
    void bridge.invoke('system.get', {}).then((r) => {
      if (r.ok) setSettings(r.value);
    });
    return bridge.on('system.changed', setSettings);
  }, [bridge]);
  const update = (patch: SystemSettingsPatch) => {
    void bridge?.invoke('system.update', patch).then((r) => {
      if (r.ok) setSettings(r.value);
    });
  };
  return [settings, update];
}
