/** Exposes the typed API's two doors to the page (a call and an event feed), and nothing else. */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, PipewrightBridge } from '../../shared/api/contract.ts';

// Type-only imports keep shared/ out of the preload bundle; the types pin the channel names.
const callChannel: typeof IPC_CALL_CHANNEL = 'pipewright:call';
const eventChannel: typeof IPC_EVENT_CHANNEL = 'pipewright:event';

const bridge: PipewrightBridge = {
  call: (method, params) => ipcRenderer.invoke(callChannel, method, params) as Promise<unknown>,
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(eventChannel, forward);
    return () => void ipcRenderer.removeListener(eventChannel, forward);
  },
};
contextBridge.exposeInMainWorld('pipewright', bridge);
