import type { YamlPath } from '../diagnostic.ts';
import type { Deployment } from '../model/deployment.ts';
import type { Endpoint, EndpointFile, EndpointServer, SharedVolume, Toleration, WorkspaceVolume } from '../model/endpoint.ts';
import { parseRange } from './parse-input.ts';
import { asArray, asObject, has, name, num, numberRecord, str, strList, type Obj } from './read-value.ts';

function server(obj: Obj): EndpointServer | undefined {
  if (has(obj, 'server-command')) return { kind: 'server-command', command: strList(obj['server-command']) };
  const wsgi = str(obj, 'wsgi');
  return wsgi === undefined ? undefined : { kind: 'wsgi', module: wsgi };
}

export function parseEndpoint(value: unknown, path: YamlPath): Endpoint | undefined {
  const obj = asObject(value);
  const endpointName = obj && name(obj);
  if (!obj || endpointName === undefined) return undefined;
  const files: EndpointFile[] = asArray(obj['files'])
    .map(asObject)
    .flatMap((f, index) => {
      const fileName = f && name(f);
      const filePath = f && str(f, 'path');
      return f && fileName !== undefined && filePath !== undefined ? [{ index, name: fileName, path: filePath, description: str(f, 'description') }] : [];
    });
  const tolerations: Toleration[] = asArray(obj['tolerations'])
    .map(asObject)
    .flatMap((t) =>
      t ? [{ key: str(t, 'key'), operator: str(t, 'operator'), value: str(t, 'value'), effect: str(t, 'effect') }] : [],
    );
  const resources = asObject(obj['resources']) ?? {};
  return {
    path,
    name: endpointName,
    image: str(obj, 'image'),
    server: server(obj),
    port: num(obj, 'port') ?? 8000,
    files,
    description: str(obj, 'description'),
    nodeSelector: str(obj, 'node-selector'),
    tolerations,
    resources: {
      cpu: parseRange(resources['cpu']),
      memory: parseRange(resources['memory']),
      ephemeralStorage: parseRange(resources['ephemeral-storage']),
      devices: numberRecord(resources['devices']),
    },
    sharedVolumes: asArray(obj['shared-volumes'])
      .map(asObject)
      .flatMap((v, index): SharedVolume[] => {
        const pvcName = v && str(v, 'pvc-name');
        const mountPath = v && str(v, 'mount-path');
        return v && pvcName !== undefined && mountPath !== undefined ? [{ index, pvcName, mountPath, subPath: str(v, 'sub-path') }] : [];
      }),
    workspaceVolume: workspaceVolume(asObject(obj['workspace-volume'])),
  };
}

function workspaceVolume(obj: Obj | undefined): WorkspaceVolume | undefined {
  const mountPath = obj && str(obj, 'mount-path');
  if (!obj || mountPath === undefined) return undefined;
  const size = obj['size'];
  return { mountPath, size: typeof size === 'number' || typeof size === 'string' ? size : undefined };
}

export function parseDeployment(value: unknown, path: YamlPath): Deployment | undefined {
  const obj = asObject(value);
  const deploymentName = obj && name(obj);
  if (!obj || deploymentName === undefined) return undefined;
  return { path, name: deploymentName, defaults: asObject(obj['defaults']) };
}
