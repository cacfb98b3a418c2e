import { describe, expect, it } from 'vitest';
import { appliedTo } from '../../../test-support/edits.ts';
import { lineDiff } from '../../../test-support/fixtures.ts';
import { importValohaiYaml } from '../import.ts';
import { addEndpoint, addEndpointFile, freeEndpointName, removeEndpointFile, renameEndpoint, setEndpointKey, setEndpointServer } from './endpoint-edits.ts';

const FILE = `# the endpoint a deployment serves
- endpoint:
    name: predict
    image: python:3.12   # the serving image
    wsgi: predict:app
`;
const applied = appliedTo(FILE);
const endpoint = (text: string) => importValohaiYaml(text).config.endpoints[0];

describe("an endpoint's panel", () => {
  it('sets its image and port, each change only its line; refuses a port that is not one', () => {
    expect(lineDiff(FILE, applied(setEndpointKey(FILE, 'predict', 'image', 'python:3.13')))).toEqual({ removed: ['    image: python:3.12   # the serving image'], added: ['    image: python:3.13   # the serving image'] });
    const ported = applied(setEndpointKey(FILE, 'predict', 'port', '8080'));
    expect(endpoint(ported)?.port).toBe(8080);
    expect(applied(setEndpointKey(ported, 'predict', 'port', ''))).toBe(FILE);
    expect(setEndpointKey(FILE, 'predict', 'port', '80a')).toEqual({ ok: false, message: 'port must be a whole number from 1 to 65535 (got "80a")' });
    expect(setEndpointKey(FILE, 'predict', 'image', ' ')).toEqual({ ok: false, message: 'an endpoint needs an image' });
  });

  it('serves with a server-command or a wsgi callable, one in place of the other', () => {
    const command = applied(setEndpointServer(FILE, 'predict', { kind: 'server-command', value: 'uvicorn app:api --port $PORT' }));
    expect(endpoint(command)?.server).toEqual({ kind: 'server-command', command: ['uvicorn app:api --port $PORT'] });
    expect(command).not.toContain('wsgi');
    expect(endpoint(applied(setEndpointServer(command, 'predict', { kind: 'wsgi', value: 'predict:app' })))?.server).toEqual({ kind: 'wsgi', module: 'predict:app' });
    expect(setEndpointServer(FILE, 'predict', { kind: 'wsgi', value: 'python app.py' })).toEqual({ ok: false, message: 'wsgi names a callable as module:callable (predict:app), not "python app.py"' });
  });

  it('adds the files a deployment places, the list made where there is none, and removes them', () => {
    const one = applied(addEndpointFile(FILE, 'predict', { name: 'model', path: 'models/model.pkl' }));
    expect(endpoint(one)?.files).toMatchObject([{ name: 'model', path: 'models/model.pkl' }]);
    const two = applied(addEndpointFile(one, 'predict', { name: 'labels', path: 'labels.txt' }));
    expect(endpoint(two)?.files.map((f) => f.name)).toEqual(['model', 'labels']);
    expect(applied(removeEndpointFile(two, 'predict', 'labels'))).toBe(one);
    expect(applied(removeEndpointFile(one, 'predict', 'model'))).toBe(FILE);
    expect(addEndpointFile(one, 'predict', { name: 'model', path: 'x' })).toEqual({ ok: false, message: 'endpoint "predict" already has a file "model"' });
    expect(addEndpointFile(FILE, 'predict', { name: 'model', path: '/abs/model.pkl' })).toMatchObject({ ok: false });
  });

  it('adds a new endpoint under a free name, for its panel to make what it should be', () => {
    expect(freeEndpointName(['predict'])).toBe('endpoint');
    expect(freeEndpointName(['endpoint', 'endpoint-2'])).toBe('endpoint-3');
    const added = applied(addEndpoint(FILE, 'endpoint'));
    expect(lineDiff(FILE, added).added).toEqual(['- endpoint:', '    name: endpoint', '    image: python:3.12-slim', '    server-command: python3 serve.py', '    port: 8000']);
    expect(importValohaiYaml(added).config.endpoints.map((e) => e.name)).toEqual(['predict', 'endpoint']);
    expect(addEndpoint(FILE, 'predict')).toEqual({ ok: false, message: 'there is already an endpoint "predict"' });
  });

  it('renames it, and the deployment nodes that deploy it and the edges that deliver its files with it', () => {
    const text = `- step: {name: train, image: x, command: python train.py}
- endpoint:
    name: predict
    image: python:3.12
    wsgi: predict:app
    files: [{name: model, path: model.pkl}]
- endpoint: {name: other, image: x, wsgi: other:app}
- pipeline:
    name: ship
    nodes:
      - {name: train, type: execution, step: train}
      - {name: deploy, type: deployment, deployment: prod, endpoints: [other, predict]}
    edges:
      - [train.output.model.pkl, deploy.file.predict.model]
      - {source: train.output.model.pkl, target: deploy.file.predict.model}
`;
    const renamed = appliedTo(text)(renameEndpoint(text, 'predict', 'classifier'));
    // Only those words change; the other endpoint, the layout and the flow styles stay.
    expect(renamed).toBe(text.replace('name: predict', 'name: classifier').replace('[other, predict]', '[other, classifier]').replaceAll('deploy.file.predict.model', 'deploy.file.classifier.model'));
    expect(importValohaiYaml(renamed).diagnostics).toEqual([]);
    expect(renameEndpoint(text, 'predict', 'other')).toEqual({ ok: false, message: 'there is already an endpoint "other"' });
    expect(renameEndpoint(text, 'predict', 'Predict_2')).toMatchObject({ ok: false, message: expect.stringContaining('is not a name Valohai takes for an endpoint') as unknown });
  });
});
