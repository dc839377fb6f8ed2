import type { RawBridge } from '../shared/ipc/bridge';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in the browser host. */
    veilRaw?: RawBridge;
  }
}

const TOKEN_KEY = 'veil.token';

/** Reads the token from `#token=…` once, keeps it for this tab only, and removes it from the address bar. */
function takeToken(): string {
  const match = /(?:^#|&)token=([0-9a-f]{64})/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** The browser host's transport: same-origin fetch with the token, events over SSE read by fetch. */
export function httpRawBridge(): RawBridge {
  const token = takeToken();
  const headers = { Authorization: `Bearer ${token}` };
  const listeners = new Set<(name: string, payload: unknown) => void>();
  let controller: AbortController | undefined;

  const dispatch = (name: string, payload: unknown) => {
    for (const l of listeners) l(name, payload);
  };

  function connectEvents(attempt = 0): void {
    if (listeners.size === 0) return;
    const abort = new AbortController();
    controller = abort;
    void (async () => {
      let failures = attempt;
      try {
        const res = await fetch('/api/events', { headers, signal: abort.signal });
        if (!res.body) throw new Error('no event stream');
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        failures = 0;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const name = /^event: (.+)$/m.exec(frame)?.[1];
            const data = /^data: (.*)$/m.exec(frame)?.[1];
            if (name && data !== undefined) dispatch(name, JSON.parse(data) as unknown);
          }
        }
      } catch {
        // Reconnect below with back-off: the core may be restarting.
      }
      if (!abort.signal.aborted && listeners.size > 0) {
        setTimeout(
          () => {
            connectEvents(failures + 1);
          },
          Math.min(10_000, 500 * 2 ** failures),
        );
      }
    })();
  }

  return {
    host: 'browser',
    async invoke(name, args) {
      const res = await fetch('/api/invoke', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, args }),
      });
      if (!res.ok) return { ok: false, error: { code: 'unavailable', message: `HTTP ${res.status}` } };
      return (await res.json()) as unknown;
    },
    on(listener) {
      // One event stream per tab, shared by every subscriber: browsers allow only six
      // connections per host, and each stream holds one for good.
      listeners.add(listener);
      if (listeners.size === 1) connectEvents();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) controller?.abort();
      };
    },
  };
}
