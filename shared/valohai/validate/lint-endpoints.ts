/** Endpoint checks: where an endpoint's files and volumes go in its pods. */
import type { Finding } from '../diagnostic.ts';
import type { ValohaiConfig } from '../model/config.ts';

/** An endpoint file's `path` is relative to the endpoint's folder: one leaving it cannot be placed. */
export function lintEndpointFiles(config: ValohaiConfig): Finding[] {
  return config.endpoints.flatMap((endpoint) =>
    endpoint.files.flatMap((file) =>
      file.path.startsWith('/') || file.path.split(/[\\/]/).includes('..')
        ? [
            {
              severity: 'warning' as const,
              code: 'endpoint-file-path',
              message: `Endpoint "${endpoint.name}": file "${file.name}" has path "${file.path}", which leaves the endpoint's folder; a path is relative to it (model.h5, models/model.h5)`,
              path: [...endpoint.path, 'files', file.index, 'path'],
              subject: { kind: 'endpoint' as const, endpoint: endpoint.name },
            },
          ]
        : [],
    ),
  );
}

/**
 * Shared volumes and the workspace volume (valohai-yaml after v0.57.0) are mounted at absolute
 * paths, one volume per path; a shared volume's `sub-path` is a folder inside it, so relative.
 */
export function lintEndpointVolumes(config: ValohaiConfig): Finding[] {
  return config.endpoints.flatMap((endpoint) => {
    const findings: Finding[] = [];
    const say = (message: string, path: (string | number)[]): void => {
      findings.push({ severity: 'error', code: 'endpoint-volume-path', message: `Endpoint "${endpoint.name}": ${message}`, path: [...endpoint.path, ...path], subject: { kind: 'endpoint', endpoint: endpoint.name } });
    };
    const taken = new Map<string, string>();
    for (const volume of endpoint.sharedVolumes) {
      const what = `shared volume "${volume.pvcName}"`;
      const at = ['shared-volumes', volume.index];
      const already = taken.get(normal(volume.mountPath));
      if (!isAbsolute(volume.mountPath)) say(`${what} has mount-path "${volume.mountPath}", which must be an absolute path (/${volume.mountPath})`, [...at, 'mount-path']);
      else if (already !== undefined) say(`${what} is mounted at ${volume.mountPath}, where ${already} already is`, [...at, 'mount-path']);
      else taken.set(normal(volume.mountPath), what);
      if (volume.subPath !== undefined && isAbsolute(volume.subPath)) say(`${what} has sub-path "${volume.subPath}", which must be a folder inside the volume, so relative (${volume.subPath.replace(/^\/+/, '')})`, [...at, 'sub-path']);
    }
    const workspace = endpoint.workspaceVolume;
    if (workspace) {
      const at = ['workspace-volume', 'mount-path'];
      const already = taken.get(normal(workspace.mountPath));
      if (!isAbsolute(workspace.mountPath)) say(`the workspace volume has mount-path "${workspace.mountPath}", which must be an absolute path (/${workspace.mountPath})`, at);
      else if (already !== undefined) say(`the workspace volume is mounted at ${workspace.mountPath}, where ${already} already is`, at);
    }
    return findings;
  });
}

export function lintEndpoints(config: ValohaiConfig): Finding[] {
  return [...lintEndpointFiles(config), ...lintEndpointVolumes(config)];
}

const isAbsolute = (path: string): boolean => path.startsWith('/');

/** `/models/` and `/models` are one mount point. */
const normal = (path: string): string => path.replace(/\/+$/, '') || '/';
