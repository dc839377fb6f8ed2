import { useEffect, useRef, useState } from 'react';
import type { SystemSettings, SystemSettingsPatch } from '../../shared/ipc/system';
import { useApp } from '../store';

/** The computer-level settings (idle lock, startup), kept fresh from main's events. */
export function useSystemSettings(): [SystemSettings | undefined, (patch: SystemSettingsPatch) => void] {
  const bridge = useApp((s) => s.bridge);
  const [settings, setSettings] = useState<SystemSettings | undefined>(undefined);
  // Events and answers travel by different channels (the browser host): an answer is applied
  // only if no `system.changed` came while it travelled, as that event is at least as new.
  const heard = useRef(0);
  useEffect(() => {
    if (!bridge) return undefined;
    const off = bridge.on('system.changed', (next) => {
      heard.current += 1;
      setSettings(next);
    });
    const seen = heard.current;
    void bridge.invoke('system.get', {}).then((r) => {
      if (r.ok && heard.current === seen) setSettings(r.value);
    });
    return off;
  }, [bridge]);
  const update = (patch: SystemSettingsPatch) => {
    const seen = heard.current;
    void bridge?.invoke('system.update', patch).then((r) => {
      if (r.ok && heard.current === seen) setSettings(r.value);
    });
  };
  return [settings, update];
}
