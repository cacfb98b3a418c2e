/**
 * The Electron main process: one window, locked down (context isolation, sandbox, no Node in
 * the page, navigation and new windows denied), and the IPC the renderer's api object uses.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { PROJECT_READ_CHANNEL, type ProjectSnapshot } from '../../shared/api/project.ts';

const projectDir = resolve(process.env['PIPEWRIGHT_PROJECT'] ?? join(app.getAppPath(), 'resources/example-project'));

function createWindow(): void {
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
}

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ipcMain.handle(PROJECT_READ_CHANNEL, async (event): Promise<ProjectSnapshot> => {
    if (!event.senderFrame || event.senderFrame.parent !== null) throw new Error('refused: not the main frame');
    const file = join(projectDir, 'valohai.yaml');
    return { path: file, text: await readFile(file, 'utf8') };
  });
  createWindow();
});

app.on('window-all-closed', () => app.quit());
