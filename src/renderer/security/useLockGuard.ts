import { useEffect, useRef } from 'react';
import { useApp } from '../store';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
/** Main needs a sign of life now and then, not on every key press. */
const REPORT_EVERY_MS = 15_000;

/**
 * Reports user activity to main (which owns the idle-lock timer), and when the account locks,
 * reloads the page: conversations and messages held in this page's memory are dropped with it.
 */
export function useLockGuard(): void {
  const bridge = useApp((s) => s.bridge);
  const state = useApp((s) => s.account?.state);
  const wasReady = useRef(false);

  useEffect(() => {
    if (state === 'ready') wasReady.current = true;
    else if (state === 'locked' && wasReady.current) window.location.reload();
  }, [state]);

  useEffect(() => {
    if (!bridge || state !== 'ready') return undefined;
    let last = 0;
    const report = () => {
      const now = Date.now();
      if (now - last < REPORT_EVERY_MS) return;
      last = now;
      void bridge.invoke('app.activity', {});
    };
    for (const name of ACTIVITY_EVENTS)
      window.addEventListener(name, report, { passive: true, capture: true });
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, report, { capture: true });
    };
  }, [bridge, state]);
}
