/**
 * The first slice of the typed API between the UI and the engine: reading the open project.
 * Both transports (Electron IPC and the loopback host) carry exactly these shapes.
 */
import { z } from 'zod';

export const PROJECT_READ_CHANNEL = 'project:read';
export const PROJECT_READ_PATH = '/api/project';

export const projectSnapshotSchema = z.object({
  /** Absolute path of the project's valohai.yaml. */
  path: z.string(),
  text: z.string(),
});
export type ProjectSnapshot = z.infer<typeof projectSnapshotSchema>;

/** What the preload exposes as `window.pipewright`. */
export interface PipewrightBridge {
  readProject(): Promise<ProjectSnapshot>;
}
