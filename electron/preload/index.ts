/** Exposes the typed api to the page, and nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import type { PipewrightBridge, PROJECT_READ_CHANNEL, ProjectSnapshot } from '../../shared/api/project.ts';

// Type-only import keeps shared/ out of the preload bundle; the type pins the channel name.
const channel: typeof PROJECT_READ_CHANNEL = 'project:read';

const bridge: PipewrightBridge = {
  readProject: () => ipcRenderer.invoke(channel) as Promise<ProjectSnapshot>,
};
contextBridge.exposeInMainWorld('pipewright', bridge);
