import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ELECTRON_EVENT_CHANNEL, ELECTRON_INVOKE_CHANNEL, type RawBridge } from '../../shared/ipc/bridge';

/**
 * The only door between the sandboxed page and main: two functions, no Node object leaks.
 * Arguments are validated in main (zod), results in the renderer.
 */
const bridge: RawBridge = {
  host: 'electron',
  invoke: (name, args) => ipcRenderer.invoke(ELECTRON_INVOKE_CHANNEL, name, args),
  on(listener) {
    const handler = (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
      if (typeof name === 'string') listener(name, payload);
    };
    ipcRenderer.on(ELECTRON_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(ELECTRON_EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('veilRaw', bridge);
