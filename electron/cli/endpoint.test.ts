import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliAsync, makeProject, processesWith, run } from '../../test-support/runner.ts';
import { listensBeyondThisMachine, portNotApplied } from '../runner/endpoint-server.ts';
import { ProjectService } from '../runner/service/project-service.ts';

const PROJECT = `
- step:
    name: train
    image: python:3.12
    command: echo "model v7" > $VH_OUTPUTS_DIR/model.txt
- endpoint:
    name: predict
    image: python:3.12
    wsgi: app:application
    files:
      - {name: model, path: models/model.txt}
- pipeline:
    name: p
    nodes:
      - {name: train, type: execution, step: train}
      - {name: deploy, type: deployment, deployment: local, endpoints: [predict]}
    edges:
      - [train.output.model.txt, deploy.file.predict.model]
`;

/** Reads the model the pipeline delivered, and a file of the project's own beside it. */
const APP = `import os
def application(environ, start_response):
    body = open('models/model.txt', 'rb').read() + open('models/labels.txt', 'rb').read()
    if environ['PATH_INFO'] == '/prefix':
        body = repr(os.environ.get('VH_DEFAULT_PREFIX')).encode()
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [body]
`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  await new Promise((closed) => server.close(closed));
  return typeof address === 'object' && address ? address.port : 0;
}

async function fetchWhenUp(url: string, tries = 100): Promise<string> {
  for (let i = 0; i < tries; i += 1) {
    try {
      const response = await fetch(url);
      return await response.text();
    } catch {
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }
  throw new Error(`${url} never answered`);
}

describe('a deployment node, here', () => {
  it("makes its endpoint ready with the pipeline's files, and pipewright endpoint serves it until stopped", async () => {
    const dir = makeProject(PROJECT, { 'app.py': APP, 'models/labels.txt': 'cat,dog\n' });
    const ran = cli(['run', '--pipeline', 'p'], dir);
    expect(ran.code).toBe(0);
    // Listed with the outputs, not as a warning: where it is and how to serve it.
    expect(ran.err).toContain('\nendpoints:\n  deploy: predict in .pipewright/deployments/1/deploy/predict; serve it: pipewright endpoint 1 deploy\n');
    expect(ran.err).not.toContain('warning');
    // The delivered file sits at its path beside the project's own files; the project is not written into.
    const ready = join(dir, '.pipewright/deployments/1/deploy/predict');
    expect(readFileSync(join(ready, 'models/model.txt'), 'utf8')).toBe('model v7\n');
    expect(readdirSync(join(dir, 'models'))).toEqual(['labels.txt']);

    const port = await freePort();
    const serving = cliAsync(['endpoint', '1', 'deploy', '--port', String(port)], dir);
    let said = '';
    serving.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
    try {
      expect(await fetchWhenUp(`http://127.0.0.1:${port}/`)).toBe('model v7\ncat,dog\n');
      expect(said).toContain(`serving endpoint predict of run 1 at http://127.0.0.1:${port}/`);
      // Served at the root here: the prefix Valohai would serve it under is empty, not missing.
      expect(await fetchWhenUp(`http://127.0.0.1:${port}/prefix`)).toBe("''");
    } finally {
      serving.kill('SIGTERM');
      await new Promise((gone) => serving.once('exit', gone));
    }
    // Its server went with it.
    for (let i = 0; i < 50 && processesWith(`${port}`).length > 0; i += 1) await new Promise((wait) => setTimeout(wait, 100));
    expect(processesWith(String(port))).toEqual([]);
    // A serving command killed outright (SIGKILL) leaves no server behind.
    const killed = cliAsync(['endpoint', '1', 'deploy', '--port', String(port)], dir);
    expect(await fetchWhenUp(`http://127.0.0.1:${port}/`)).toBe('model v7\ncat,dog\n');
    killed.kill('SIGKILL');
    for (let i = 0; i < 50 && processesWith(`${port}`).length > 0; i += 1) await new Promise((wait) => setTimeout(wait, 100));
    expect(processesWith(String(port))).toEqual([]);
    // `prune` takes the endpoint's folder with its run, and leaves the project's files.
    expect(cli(['prune', '--keep', '0'], dir).code).toBe(0);
    expect(existsSync(join(dir, '.pipewright/deployments/1'))).toBe(false);
    expect(readFileSync(join(dir, 'models/labels.txt'), 'utf8')).toBe('cat,dog\n');
  });

  it('warns that a server-command listening on 0.0.0.0 (as written for Valohai\'s containers) reaches beyond this machine', () => {
    const served = (command: string) => listensBeyondThisMachine({ name: 'e', port: 8000, dir: '/x', server: { kind: 'server-command', command: [command] } });
    expect(served('uvicorn predict:app --host 0.0.0.0 --port 8000')).toBe('its server-command listens on 0.0.0.0, every address of this machine, so other machines on your network can reach it too; write 127.0.0.1 there to keep it to this one');
    expect(served("streamlit run app.py --server.address=0.0.0.0")).toContain('listens on 0.0.0.0');
    expect(served('gunicorn -b [::]:8000 app:app')).toContain('listens on [::]');
    expect(served('uvicorn predict:app --host 127.0.0.1 --port $PORT')).toBeUndefined();
    expect(served('python serve.py --ip 10.0.0.0')).toBeUndefined();
    expect(listensBeyondThisMachine({ name: 'e', port: 8000, dir: '/x', server: { kind: 'wsgi', module: 'app:application' } })).toBeUndefined();
    // --port reaches a server-command only through $PORT.
    const uvicorn = { name: 'e', port: 8000, dir: '/x', server: { kind: 'server-command', command: ['uvicorn predict:app --port 8000'] } } as const;
    expect(portNotApplied(uvicorn, 9000)).toBe('its server-command does not name $PORT: unless its program reads PORT itself, it listens where it says (port 8000 by the file), not on 9000');
    expect(portNotApplied(uvicorn, 8000)).toBeUndefined();
    expect(portNotApplied({ ...uvicorn, server: { kind: 'server-command', command: ['uvicorn predict:app --port ${PORT}'] } }, 9000)).toBeUndefined();
  });

  it('says what it cannot serve, in the words of the run', () => {
    const dir = makeProject(PROJECT, { 'app.py': APP, 'models/labels.txt': 'x\n' });
    expect(cli(['run', '--pipeline', 'p'], dir).code).toBe(0);
    expect(cli(['endpoint', '1', 'deplyo'], dir)).toMatchObject({ code: 2, err: 'pipewright endpoint: run 1 has no deployment node "deplyo" (did you mean "deploy"? deployment nodes: deploy)\n' });
    expect(cli(['endpoint', '1', 'deploy', 'nope'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('has no endpoint "nope"') as unknown });
    expect(cli(['endpoint', '9', 'deploy'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('no run 9') as unknown });
    // One word names an endpoint of valohai.yaml (below), so a run alone is told what one word means.
    expect(cli(['endpoint', '1'], dir)).toMatchObject({ code: 2, err: 'pipewright endpoint: valohai.yaml has no endpoint "1" (endpoints: predict) (to serve what a run\'s deployment node made ready: pipewright endpoint RUN NODE [ENDPOINT])\n' });
    expect(cli(['endpoint', '1', 'deploy', 'predict', 'more'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('usage: pipewright endpoint [NAME] | RUN NODE [ENDPOINT] [--port N]') as unknown });
    // No name: the file's one endpoint; with several, which to name.
    const two = makeProject(`${PROJECT}- endpoint: {name: other, image: x, wsgi: app:application}\n`, { 'app.py': APP });
    expect(cli(['endpoint'], two)).toMatchObject({ code: 2, err: 'pipewright endpoint: valohai.yaml has 2 endpoints: say which (predict, other)\n' });
  });

  it('serves an endpoint of valohai.yaml from the project folder as it is, without a run, saying which of its files a deployment would place are not there', async () => {
    const dir = makeProject(PROJECT, { 'app.py': 'def application(environ, start_response):\n    start_response("200 OK", [])\n    return [open("models/labels.txt", "rb").read()]\n', 'models/labels.txt': 'cat,dog\n' });
    expect(cli(['endpoint', 'predcit'], dir)).toMatchObject({ code: 2, err: expect.stringContaining('valohai.yaml has no endpoint "predcit" (did you mean "predict"?') as unknown });
    const port = await freePort();
    const serving = cliAsync(['endpoint', '--port', String(port)], dir); // (its one endpoint)
    let said = '';
    serving.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
    try {
      expect(await fetchWhenUp(`http://127.0.0.1:${port}/`)).toBe('cat,dog\n');
      expect(said).toContain(`serving endpoint predict from valohai.yaml at http://127.0.0.1:${port}/ from ${dir}`);
      expect(said).toContain('warning: its files model (models/model.txt) are not in the project folder: a deployment places them');
    } finally {
      serving.kill('SIGTERM');
      await new Promise((gone) => serving.once('exit', gone));
    }
    expect(existsSync(join(dir, '.pipewright/deployments'))).toBe(false);
    // The editor asks the same of the file as saved: a name it lacks is refused, saying which it has.
    const service = new ProjectService(dir);
    try {
      expect(await service.handle('endpoint.serve', { from: { kind: 'project' }, endpoint: 'predcit' })).toMatchObject({ ok: false, error: { code: 'refused', error: expect.stringContaining('valohai.yaml has no endpoint "predcit" (did you mean "predict"?') as unknown } });
    } finally {
      await service.close();
    }
  });

  it('says in a line what keeps a wsgi endpoint from serving: its module or function missing, its port taken; an error in the app keeps its traceback', async () => {
    const port = await freePort();
    const serve = (wsgi: string, files: Record<string, string>) => cli(['endpoint', '--port', String(port)], makeProject(PROJECT.replace('app:application', wsgi), { ...files, 'models/labels.txt': 'x\n' }));
    const noModule = serve('predict:app', { 'app.py': APP });
    expect(noModule.code).toBe(1);
    expect(noModule.err).toMatch(/wsgi predict:app: no module "predict" in \S+ \(neither predict\.py nor predict\/ is there\)\n$/);
    const noFunction = serve('app:predict', { 'app.py': APP });
    expect(noFunction.err).toMatch(/wsgi app:predict: \S+\/app\.py has no function "predict" \(the WSGI callable wsgi names after the colon\)\n$/);
    const inTheApp = serve('app:application', { 'app.py': 'import numpyy\n' + APP });
    expect(inTheApp.err).toContain("Traceback");
    expect(inTheApp.err).toContain("ModuleNotFoundError: No module named 'numpyy'");
    const holder = createServer();
    await new Promise<void>((ready) => holder.listen(port, '127.0.0.1', ready));
    try {
      const taken = serve('app:application', { 'app.py': APP });
      expect(taken.code).toBe(1);
      expect(taken.err).toContain(`wsgi app:application: cannot listen on 127.0.0.1:${port}: Address already in use (another program holds that port)\n`);
    } finally {
      await new Promise((closed) => holder.close(closed));
    }
  });

  it("says, when it makes an endpoint ready, that the Kubernetes volumes it mounts on Valohai are not mounted here", () => {
    const withVolumes = PROJECT.replace('    wsgi: app:application\n', '    wsgi: app:application\n    shared-volumes: [{pvc-name: models, mount-path: /models}]\n    workspace-volume: {size: 10, mount-path: /scratch}\n');
    const dir = makeProject(withVolumes, { 'app.py': APP, 'models/labels.txt': 'x\n' });
    const result = cli(['run', '--pipeline', 'p'], dir);
    expect(result.code).toBe(0);
    expect(result.out + result.err).toContain('deployment node "deploy": endpoint predict mounts models at /models, a workspace volume at /scratch on Valohai (Kubernetes volumes); served here, nothing is mounted there, so those paths are this machine\'s own');
  });

  it('in the editor, gives the last lines whole, however the server wrote them', async () => {
    // A line written in pieces, the last of them as the server exits: as Python writes a traceback.
    const command = `printf 'Module'; sleep 0.3; printf 'NotFoundError: '; sleep 0.3; printf "No module named 'x'"`;
    const dir = makeProject(PROJECT.replace('wsgi: app:application', `server-command: ${JSON.stringify(command)}`), { 'models/labels.txt': 'x\n' });
    expect(cli(['run', '--pipeline', 'p'], dir).code).toBe(0);
    const service = new ProjectService(dir);
    try {
      const refused = await service.handle('endpoint.serve', { from: { kind: 'run', runId: '1', node: 'deploy' }, port: await freePort() });
      expect(JSON.stringify(refused)).toContain("its last lines:\\nModuleNotFoundError: No module named 'x'\"");
    } finally {
      await service.close();
    }
  });

  it('in the editor, says why an endpoint could not be served, with the last lines it printed', async () => {
    const dir = makeProject(PROJECT.replace('wsgi: app:application', 'wsgi: nosuchapp:application'), { 'models/labels.txt': 'x\n' });
    expect(cli(['run', '--pipeline', 'p'], dir).code).toBe(0);
    const service = new ProjectService(dir);
    try {
      const refused = await service.handle('endpoint.serve', { from: { kind: 'run', runId: '1', node: 'deploy' }, port: await freePort() });
      expect(refused).toMatchObject({ ok: false, error: { code: 'refused', error: expect.stringContaining('endpoint predict could not be served on port') as unknown } });
      // Said in a line, with where it looked and why a deployment's folder may lack it; no traceback.
      const said = JSON.stringify(refused);
      expect(said).toContain(`wsgi nosuchapp:application: no module \\"nosuchapp\\" in ${join(dir, '.pipewright/deployments/1/deploy/predict')} (neither nosuchapp.py nor nosuchapp/ is there); that folder is the deployment's`);
      expect(said).not.toContain('Traceback');
      expect(await service.handle('endpoints.list', {})).toEqual({ ok: true, result: { endpoints: [] } });
      // A run or node that names a path reaches nothing outside the deployments' folder.
      for (const [runId, node] of [['../../..', 'deploy'], ['1', '../../deployments/1/deploy'], ['1/deploy', '..']]) {
        expect(await service.handle('endpoint.serve', { from: { kind: 'run', runId, node } })).toMatchObject({ ok: false, error: { code: 'refused', error: expect.stringContaining('has 0 endpoints') as unknown } });
      }
    } finally {
      service.close();
    }
  });

  it('waits for its approval before it deploys, as a gate before deploying asks', async () => {
    const dir = makeProject(PROJECT.replace('endpoints: [predict]}', 'endpoints: [predict], actions: [{when: node-starting, then: require-approval}]}'), { 'app.py': APP, 'models/labels.txt': 'x\n' });
    let readyWhenAsked: boolean | undefined;
    const result = await run(dir, 'p', {
      onEvent: (e) => {
        if (e.type !== 'node:awaiting-approval') return;
        readyWhenAsked = existsSync(join(dir, '.pipewright/deployments', e.runId, 'deploy'));
        setTimeout(() => cli(['approve', e.runId, 'deploy'], dir), 10);
      },
    });
    expect(result.status).toBe('succeeded');
    expect(readyWhenAsked).toBe(false);
    expect(readFileSync(join(dir, '.pipewright/deployments', result.runId, 'deploy/predict/models/model.txt'), 'utf8')).toBe('model v7\n');
  });
});
