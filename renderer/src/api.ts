/**
 * The renderer's one way to the engine: Electron's preload bridge when present, otherwise the
 * loopback host (browser mode), authenticated with the token from the URL fragment.
 */
import type { PipewrightBridge, ProjectSnapshot } from '../../shared/api/project.ts';
import { PROJECT_READ_PATH, projectSnapshotSchema } from '../../shared/api/project.ts';

declare global {
  interface Window {
    pipewright?: PipewrightBridge;
  }
}

function hostApi(token: string): PipewrightBridge {
  return {
    async readProject(): Promise<ProjectSnapshot> {
      const response = await fetch(PROJECT_READ_PATH, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`the host refused: ${response.status} ${await response.text()}`);
      return projectSnapshotSchema.parse(await response.json());
    },
  };
}

export function connectApi(): PipewrightBridge {
  if (window.pipewright) return window.pipewright;
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  return hostApi(token);
}
