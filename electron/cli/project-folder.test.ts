/** Where a command looks for its project, and what it says when the folder it was given holds none. */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeProject } from '../../test-support/runner.ts';

const PIPELINE = `- step: {name: talk, image: x, command: echo hello}
- pipeline: {name: ok, nodes: [{name: talk, type: execution, step: talk}], edges: []}
`;

describe('the project folder', () => {
  it('typed from a folder inside the project, names the project above', () => {
    const dir = makeProject(PIPELINE);
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    const result = cli(['run', '--pipeline', 'ok'], join(dir, 'src', 'deep'));
    expect(result).toMatchObject({ code: 2, err: 'pipewright run: .: this folder has no valohai.yaml; the project above it is ../.. (give that folder as PATH, or --project for the run verbs)\n' });
    expect(cli(['run', '../..', '--pipeline', 'ok'], join(dir, 'src', 'deep')).code).toBe(0);
  });

  it('in a folder with valohai.yml or a project folder below, names what is there instead', () => {
    const repo = makeProject(PIPELINE);
    renameSync(join(repo, 'valohai.yaml'), join(repo, 'valohai.yml'));
    expect(cli(['run', '--pipeline', 'ok'], repo)).toMatchObject({ code: 2, err: 'pipewright run: .: this folder has no valohai.yaml; it has valohai.yml, but Valohai and Pipewright look for valohai.yaml: rename it\n' });
    // A repository whose Valohai project reads conf/valohai.yaml: the folder is named, for run and for the run verbs.
    mkdirSync(join(repo, 'conf'));
    renameSync(join(repo, 'valohai.yml'), join(repo, 'conf', 'valohai.yaml'));
    expect(cli(['run', '--pipeline', 'ok'], repo)).toMatchObject({ code: 2, err: 'pipewright run: .: this folder has no valohai.yaml; one is in conf (give that folder as PATH, or --project for the run verbs)\n' });
    expect(cli(['run', 'conf', '--pipeline', 'ok'], repo).code).toBe(0);
    expect(cli(['runs'], repo).err).toContain('one is in conf (give that folder as PATH, or --project for the run verbs)');
    expect(cli(['runs', '--project', 'conf'], repo).out).toContain('succeeded');
  });

  it("given a pipeline's, step's or task's name where PATH goes (as vh pipeline run NAME), says the flag that takes it", () => {
    const dir = makeProject(`${PIPELINE}- task: {name: sweep, step: talk, parameters: []}
- pipeline: {name: "night run", nodes: [{name: talk, type: execution, step: talk}], edges: []}
`);
    expect(cli(['run', 'ok'], dir)).toMatchObject({ code: 2, err: 'pipewright run: ok: no such file or folder; PATH is the project folder, and ok is a pipeline of valohai.yaml: give it as --pipeline ok\n' });
    expect(cli(['plan', 'talk'], dir).err).toBe('pipewright plan: talk: no such file or folder; PATH is the project folder, and talk is a step of valohai.yaml: give it as --step talk\n');
    expect(cli(['export', 'night run'], dir).err).toContain('night run is a pipeline of valohai.yaml: give it as --pipeline "night run"\n');
    expect(cli(['run', 'sweep'], dir).err).toContain('sweep is a task of valohai.yaml: give it as --task sweep');
    // From a folder inside the project, with the folder to give as PATH.
    mkdirSync(join(dir, 'src'));
    expect(cli(['run', 'ok'], join(dir, 'src')).err).toContain('ok is a pipeline of ../valohai.yaml: give it as --pipeline ok, with .. as PATH');
    // A name the project does not have stays a path that is not there.
    expect(cli(['run', 'nope'], dir)).toMatchObject({ code: 2, err: 'pipewright run: nope: no such file or folder\n' });
  });
});

