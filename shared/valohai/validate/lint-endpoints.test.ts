/** Endpoint volumes came to valohai-yaml after the v0.57.0 schema; these are upstream's newer error examples. */
import { describe, expect, it } from 'vitest';
import { importValohaiYaml } from '../import.ts';

const found = (yaml: string) => importValohaiYaml(yaml).diagnostics.map((d) => [d.severity, d.code, d.line, d.message]);

describe('endpoint volumes (valohai-yaml after v0.57.0)', () => {
  it('accepts shared volumes at absolute paths with relative sub-paths, and a workspace volume, and reads them', () => {
    const { config, diagnostics } = importValohaiYaml(`- endpoint:
    name: good
    image: python:3.14
    server-command: python run_server.py
    shared-volumes:
      - {pvc-name: models, mount-path: /models, sub-path: predict/v2}
      - {pvc-name: cache, mount-path: /var/cache/app/}
    workspace-volume: {size: 10, mount-path: /scratch}
`);
    expect(diagnostics).toEqual([]);
    expect(config.endpoints[0]).toMatchObject({
      sharedVolumes: [
        { pvcName: 'models', mountPath: '/models', subPath: 'predict/v2' },
        { pvcName: 'cache', mountPath: '/var/cache/app/' },
      ],
      workspaceVolume: { size: 10, mountPath: '/scratch' },
    });
  });

  it('refuses a relative mount-path, an absolute sub-path and two volumes at one path, each at its line', () => {
    expect(
      found(`- endpoint:
    name: bad
    image: python:3.14
    server-command: python run_server.py
    shared-volumes:
      - pvc-name: relative-mount-path
        mount-path: var/cache/app
      - pvc-name: absolute-sub-path
        mount-path: /models
        sub-path: /predict-models
      - pvc-name: duplicate-mount-path
        mount-path: /models/
`),
    ).toEqual([
      ['error', 'endpoint-volume-path', 7, 'Endpoint "bad": shared volume "relative-mount-path" has mount-path "var/cache/app", which must be an absolute path (/var/cache/app)'],
      ['error', 'endpoint-volume-path', 10, 'Endpoint "bad": shared volume "absolute-sub-path" has sub-path "/predict-models", which must be a folder inside the volume, so relative (predict-models)'],
      ['error', 'endpoint-volume-path', 12, 'Endpoint "bad": shared volume "duplicate-mount-path" is mounted at /models/, where shared volume "absolute-sub-path" already is'],
    ]);
  });

  it("refuses a workspace volume at a relative path or where a shared volume is mounted", () => {
    const yaml = (path: string) => `- endpoint:
    name: ws
    image: python:3.14
    server-command: python run_server.py
    shared-volumes: [{pvc-name: my-shared-models, mount-path: /models}]
    workspace-volume: {size: 10, mount-path: ${path}}
`;
    expect(found(yaml('my/cache')).map((f) => f[3])).toEqual(['Endpoint "ws": the workspace volume has mount-path "my/cache", which must be an absolute path (/my/cache)']);
    expect(found(yaml('/models')).map((f) => f[3])).toEqual(['Endpoint "ws": the workspace volume is mounted at /models, where shared volume "my-shared-models" already is']);
  });

  it('refuses a shared volume without its claim or mount path (the schema requires both)', () => {
    const [d] = importValohaiYaml('- endpoint: {name: ep, image: y, wsgi: a:b, shared-volumes: [{mount-path: /m}]}\n').diagnostics;
    expect(d).toMatchObject({ severity: 'error' });
    expect(d?.message).toContain('pvc-name');
  });

  it('locates a problem at its own item when an earlier one in the list was malformed', () => {
    const at = importValohaiYaml(`- endpoint:
    name: ep
    image: y
    wsgi: a:b
    files:
      - {name: incomplete}
      - {name: model, path: /abs/model.pb}
    shared-volumes:
      - {mount-path: /m}
      - {pvc-name: cache, mount-path: rel}
`).diagnostics.map((d) => [d.code, d.line]);
    expect(at).toEqual(expect.arrayContaining([['endpoint-file-path', 7], ['endpoint-volume-path', 10]]));
  });
});
