/**
 * The Electron main process: one window, locked down (context isolation, sandbox, no Node in
 * the page, navigation and new windows denied), and the typed API carried over IPC to the same
 * project service the loopback host uses.
 */
import { join, resolve } from 'node:path';
import { app, BrowserWindow, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/api/contract.ts';
import { ProjectService } from '../runner/service/project-service.ts';

const projectDir = resolve(process.env['PIPEWRIGHT_PROJECT'] ?? join(app.getAppPath(), 'resources/example-project'));
const service = new ProjectService(projectDir);
let mainWindow: BrowserWindow | undefined;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Pipewright',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

/** Only the app's own top frame may call the engine. */
function fromOurWindow(event: IpcMainInvokeEvent): boolean {
  return mainWindow !== undefined && event.sender === mainWindow.webContents && event.senderFrame?.parent === null;
}

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method: unknown, params: unknown) => {
    if (!fromOurWindow(event)) return { ok: false, error: { code: 'refused', error: 'not the app window' } };
    if (typeof method !== 'string') return { ok: false, error: { code: 'bad-request', error: 'method must be a string' } };
    return service.handle(method, params);
  });
  mainWindow = createWindow();
  service.subscribe((apiEvent) => mainWindow?.webContents.send(IPC_EVENT_CHANNEL, apiEvent));
});

app.on('window-all-closed', () => {
  service.close();
  app.quit();
});
