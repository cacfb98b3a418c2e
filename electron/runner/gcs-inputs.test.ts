/**
 * gs:// inputs, fetched over Google Cloud Storage's JSON API: the real CLI runs, against a small
 * stand-in for that API on this machine (STORAGE_EMULATOR_HOST), since no real GCS is reachable here.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliAsync, makeProject } from '../../test-support/runner.ts';
import { startGcs, type GcsServer } from '../../test-support/gcs-server.ts';
import { gcsEndpoint } from './files/gcs-fetch.ts';

const STEP = (inputs: string) => `- step:
    name: s
    image: x
    command: find "$VH_INPUTS_DIR" -type f | sed "s#$VH_INPUTS_DIR/##" | sort; cat "$VH_INPUTS_DIR"/table/*.csv
    inputs:
${inputs}`;

/** The CLI as a child process whose output is awaited (the stand-in answers from this process meanwhile). */
function pipewright(args: readonly string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = cliAsync(args, cwd, env);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, out, err })));
}

describe('gs:// inputs', () => {
  let gcs: GcsServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipewright-gcs-'));
    for (const [key, text] of Object.entries({ 'data/train/t.csv': 'x,y\n1,2\n', 'data/images/2.jpg': 'two', 'data/images/a/1.jpg': 'one', 'data/images/b/3.jpg': 'three', 'data/images/notes.txt': 'no', 'private/m.csv': 'a\n' })) {
      mkdirSync(join(root, key, '..'), { recursive: true });
      writeFileSync(join(root, key), text);
    }
    gcs = await startGcs(root);
    env = { STORAGE_EMULATOR_HOST: gcs.host, GOOGLE_OAUTH_ACCESS_TOKEN: '' };
  });
  afterAll(() => gcs.close());

  it("fetches an object and a wildcard's matches over every page of the listing (* crossing folders, keep-directories kept), names them by gs:// URI, once", async () => {
    const dir = makeProject(STEP('      - {name: table, default: gs://data/train/t.csv}\n      - {name: images, default: "gs://data/images/*.jpg", keep-directories: suffix}\n'));
    const first = await pipewright(['run', '--step', 's'], dir, env);
    expect(first.code, first.err).toBe(0);
    expect(cli(['logs', '1'], dir).out).toBe('images/2.jpg\nimages/a/1.jpg\nimages/b/3.jpg\ntable/t.csv\nx,y\n1,2\n');
    const inputs = JSON.parse(readFileSync(join(dir, '.pipewright/executions/1.1/config/inputs.json'), 'utf8')) as Record<string, { files: { uri: string }[] }>;
    expect(inputs['images']?.files.map((f) => f.uri)).toEqual(['gs://data/images/2.jpg', 'gs://data/images/a/1.jpg', 'gs://data/images/b/3.jpg']);
    expect(gcs.requests.filter((r) => r.includes('/o?')).length).toBeGreaterThan(1); // the listing came in pages
    expect(first.err).toContain('↓ s: fetching gs://data/images/*.jpg (input "images", 11 bytes)\n');
    const asked = gcs.requests.length;
    const second = await pipewright(['run', '--step', 's'], dir, env);
    expect(second.code, second.err).toBe(0);
    expect(gcs.requests.length).toBe(asked);
  });

  it('says how to sign in when the bucket is not for anyone, and fetches it with a token', async () => {
    const dir = makeProject(STEP('      - {name: table, default: gs://private/m.csv}\n'));
    const refused = await pipewright(['run', '--step', 's'], dir, env);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('input "table": cannot download gs://private/m.csv: the server answered HTTP 401 Unauthorized; not allowed as this machine asked: sign in with gcloud auth login (or set GOOGLE_OAUTH_ACCESS_TOKEN)');
    const signedIn = await pipewright(['run', '--step', 's'], dir, { ...env, GOOGLE_OAUTH_ACCESS_TOKEN: 'good' });
    expect(signedIn.code, signedIn.err).toBe(0);
    expect(cli(['logs', '2'], dir).out).toBe('table/m.csv\na\n');
  });

  it('fails the node saying the object is not there, and a pattern that matches nothing', async () => {
    const gone = makeProject(STEP('      - {name: table, default: gs://data/train/gone.csv}\n'));
    const missing = await pipewright(['run', '--step', 's'], gone, env);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot download gs://data/train/gone.csv: the server answered HTTP 404 Not Found; there is no such object');
    const none = makeProject(STEP('      - {name: table, default: "gs://data/train/*.parquet"}\n'));
    const empty = await pipewright(['run', '--step', 's'], none, env);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('input "table": nothing matches gs://data/train/*.parquet');
  });

  it("reads STORAGE_EMULATOR_HOST as Google's clients do, with or without its scheme", () => {
    expect(gcsEndpoint({})).toBe('https://storage.googleapis.com');
    expect(gcsEndpoint({ STORAGE_EMULATOR_HOST: 'localhost:9023' })).toBe('http://localhost:9023');
    expect(gcsEndpoint({ STORAGE_EMULATOR_HOST: 'https://gcs.internal/' })).toBe('https://gcs.internal');
  });
});
