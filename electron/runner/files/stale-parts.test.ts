/**
 * What a runner killed in the middle of a fetch leaves: its temporary `.part` file, and for a
 * bucket wildcard the objects it had fetched whole. The next fetch removes the one and keeps the
 * others; prune removes what no fetch came back for.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, cliAsync, makeProject, onePipeline, step } from '../../../test-support/runner.ts';
import { pipewright } from '../../../test-support/store-inputs.ts';
import { startGcs } from '../../../test-support/gcs-server.ts';
import { testServer } from '../../../test-support/test-server.ts';

const server = testServer();

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return existsSync(dir) ? (readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)) as string[]) : [];
}

/** The pid of a process that has ended. */
function deadPid(): number {
  return spawnSync('true').pid as number;
}

const UUID = '0b0e8a8e-1111-4222-8333-944445555666';

describe('fetches cut short', () => {
  it("a runner killed in the middle of a download leaves a .part file; the resume's download removes it and the step gets the whole file", async () => {
    const KiB = 1024;
    let slow = true;
    const base = await server.serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(64 * KiB) });
      if (!slow) return void res.end(Buffer.alloc(64 * KiB, 'b'));
      res.write(Buffer.alloc(16 * KiB, 'a')); // and then nothing, until the runner is killed
    });
    const url = `${base}/data.bin`;
    const dir = makeProject(step('count', 'wc -c < "$VH_INPUTS_DIR/data/data.bin"', `    inputs: [{name: data, default: '${url}'}]\n`) + onePipeline('count', 'c'));
    const downloads = join(dir, '.pipewright', 'downloads');
    const runner = cliAsync(['run', '--pipeline', 'p'], dir);
    for (let i = 0; i < 200 && !filesUnder(downloads).some((f) => f.endsWith('.part')); i += 1) await new Promise((r) => setTimeout(r, 50));
    runner.kill('SIGKILL');
    await new Promise((done) => runner.once('exit', done));
    const left = filesUnder(downloads);
    expect(left).toEqual([expect.stringMatching(new RegExp(`/data\\.bin\\.${runner.pid}\\.[0-9a-f-]{36}\\.part$`))]);

    slow = false;
    const resumed = await pipewright(['resume', 'latest'], dir, {});
    expect(resumed.code, resumed.err).toBe(0);
    expect(cli(['logs', 'latest', 'c'], dir).out.trim()).toBe(String(64 * KiB));
    expect(filesUnder(downloads).filter((f) => f.includes('/'))).toEqual([expect.stringMatching(/\/data\.bin$/)]);
  });

  it("a bucket wildcard's fetch cut short keeps the objects it fetched whole: the next fetches only the others, and drops the dead runner's .part", async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipewright-cloud-'));
    for (const name of ['a', 'b', 'c']) {
      mkdirSync(join(root, 'data', 'shards'), { recursive: true });
      writeFileSync(join(root, 'data', 'shards', `${name}.txt`), `${name}\n`);
    }
    const gcs = await startGcs(root);
    try {
      const env = { STORAGE_EMULATOR_HOST: gcs.host, GOOGLE_OAUTH_ACCESS_TOKEN: '' };
      const dir = makeProject(step('join', 'cat "$VH_INPUTS_DIR"/shards/*', "    inputs: [{name: shards, default: 'gs://data/shards/*.txt'}]\n") + onePipeline('join', 'j'));
      const first = await pipewright(['run', '--pipeline', 'p'], dir, env);
      expect(first.code, first.err).toBe(0);
      // What a kill after the first two objects leaves: no list of what was fetched, the third in part.
      const [folder] = readdirSync(join(dir, '.pipewright', 'downloads'));
      const objects = join(dir, '.pipewright', 'downloads', folder as string, 'objects', 'shards');
      rmSync(join(dir, '.pipewright', 'downloads', folder as string, '.objects.json'));
      rmSync(join(objects, 'c.txt'));
      writeFileSync(join(objects, `c.txt.${deadPid()}.${UUID}.part`), 'half');
      const asked = gcs.requests.length;
      const second = await pipewright(['run', '--pipeline', 'p'], dir, env);
      expect(second.code, second.err).toBe(0);
      expect(cli(['logs', 'latest', 'j'], dir).out).toBe('a\nb\nc\n');
      const fetched = gcs.requests.slice(asked).filter((r) => r.includes('alt=media'));
      expect(fetched).toEqual([expect.stringContaining('c.txt')]);
      expect(readdirSync(objects).sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    } finally {
      await gcs.close();
    }
  });

  it('prune removes the .part files of runners that are gone, and keeps one whose fetch may still be going', () => {
    const dir = makeProject(step('s', 'true') + onePipeline('s', 'n'));
    expect(cli(['run', '--pipeline', 'p'], dir).code).toBe(0);
    const folder = join(dir, '.pipewright', 'downloads', 'f00d');
    mkdirSync(folder, { recursive: true });
    const stale = `big.csv.${deadPid()}.${UUID}.part`;
    const live = `big.csv.${process.pid}.${UUID}.part`;
    writeFileSync(join(folder, stale), Buffer.alloc(4096));
    writeFileSync(join(folder, live), 'x');
    writeFileSync(join(folder, 'done.csv'), 'kept');
    const pruned = cli(['prune', '--keep', '1', '--json'], dir);
    expect(pruned.code, pruned.err).toBe(0);
    expect(readdirSync(folder).sort()).toEqual([live, 'done.csv'].sort());
    expect(readFileSync(join(folder, 'done.csv'), 'utf8')).toBe('kept');
  });
});
