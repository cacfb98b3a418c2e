/**
 * The Electron main process: one window, locked down (context isolation, sandbox, no Node in
 * the page, navigation and new windows denied), and the typed API carried over IPC to the same
 * project service the loopback host uses. File → Open Folder… (Ctrl+O) opens another project.
 */
import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/api/contract.ts';
import { ProjectService } from '../runner/service/project-service.ts';

let service = new ProjectService(resolve(process.env['PIPEWRIGHT_PROJECT'] ?? join(app.getAppPath(), 'resources/example-project')));
let unsubscribe: (() => void) | undefined;
let mainWindow: BrowserWindow | undefined;

/** The engine's events go to the window, from whichever project is open. */
function forwardEvents(): void {
  unsubscribe?.();
  unsubscribe = service.subscribe((apiEvent) => mainWindow?.webContents.send(IPC_EVENT_CHANNEL, apiEvent));
}

/**
 * File → Open Folder…: another project in the same window. The window is reloaded on the new
 * project's service (the page reads its project as it loads). A run the last one drives stops, as
 * when the editor closes (resume continues it): asked first.
 */
async function openFolder(): Promise<void> {
  if (!mainWindow) return;
  const picked = await dialog.showOpenDialog(mainWindow, { title: 'Open a project folder (one with a valohai.yaml, or one to start it in)', properties: ['openDirectory', 'createDirectory'] });
  const folder = picked.filePaths[0];
  if (picked.canceled || folder === undefined || resolve(folder) === service.projectDir) return;
  const going = service.runsGoing();
  if (going > 0) {
    const answer = await dialog.showMessageBox(mainWindow, {
      type: 'question',
      buttons: ['Open it', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: `${going === 1 ? 'A run is' : `${going} runs are`} going in this project`,
      detail: 'Opening another project stops it (a run waiting for an approval keeps waiting). Resume continues it from its last finished nodes when you open this project again.',
    });
    if (answer.response !== 0) return;
  }
  const previous = service;
  service = new ProjectService(resolve(folder));
  forwardEvents();
  previous.close();
  mainWindow.webContents.reload();
}

function menu(): Menu {
  return Menu.buildFromTemplate([
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [{ label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => void openFolder() }, { type: 'separator' }, { role: process.platform === 'darwin' ? 'close' : 'quit' }] },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]);
}

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
  Menu.setApplicationMenu(menu());
  mainWindow = createWindow();
  forwardEvents();
});

app.on('window-all-closed', () => {
  service.close();
  app.quit();
});
