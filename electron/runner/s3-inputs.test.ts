/**
 * s3:// inputs fetched with the AWS CLI. The real `aws` command runs, against a small
 * S3-compatible server on this machine (AWS_ENDPOINT_URL), since no real S3 is reachable here.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliAsync, makeProject, processesWith } from '../../test-support/runner.ts';
import { LISTING_STEP, pipewright, putObject } from '../../test-support/store-inputs.ts';
import { startS3, type S3Server } from '../../test-support/s3-server.ts';
import { awsCli } from './files/s3-fetch.ts';

const aws = awsCli();
if (!aws) console.log('skipping the AWS CLI tests of electron/runner/s3-inputs.test.ts: no aws command on PATH (the refusal without it is still tested)');

describe.skipIf(!aws)('s3:// inputs, with the AWS CLI', () => {
  let s3: S3Server;
  let env: Record<string, string>;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pipewright-s3-'));
    for (const [key, text] of Object.entries({ 'train/t.csv': 'x,y\n1,2\n', 'images/2.jpg': 'two', 'images/a/1.jpg': 'one', 'images/notes.txt': 'no' })) {
      mkdirSync(join(root, 'data', key, '..'), { recursive: true });
      writeFileSync(join(root, 'data', key), text);
    }
    mkdirSync(join(root, 'private'));
    writeFileSync(join(root, 'private/m.csv'), 'a\n'); // (a bucket that refuses anyone unsigned)
    s3 = await startS3(root);
    // Nothing of this machine's own AWS set-up: the stand-in endpoint and made-up keys only.
    env = { AWS_ENDPOINT_URL: s3.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  });
  afterAll(() => s3.close());

  it("fetches a key and a wildcard's matches (* crossing folders, keep-directories kept), names them by s3:// URI, and fetches each object once while it is the same", async () => {
    const dir = makeProject(LISTING_STEP('      - {name: table, default: s3://data/train/t.csv}\n      - {name: images, default: "s3://data/images/*.jpg", keep-directories: suffix}\n'));
    const first = await pipewright(['run', '--step', 's'], dir, env);
    expect(first.code, first.err).toBe(0);
    expect(cli(['logs', '1'], dir).out).toBe('images/2.jpg\nimages/a/1.jpg\ntable/t.csv\nx,y\n1,2\n');
    const inputs = JSON.parse(readFileSync(join(dir, '.pipewright/executions/1.1/config/inputs.json'), 'utf8')) as Record<string, { files: { uri: string }[] }>;
    expect(inputs['images']?.files.map((f) => f.uri)).toEqual(['s3://data/images/2.jpg', 's3://data/images/a/1.jpg']);
    // Each fetch said as it begins and ends, its size from its listing (a key alone is looked up by one of its own).
    expect(first.err).toContain('↓ s: fetching s3://data/images/*.jpg (input "images", 6 bytes)\n');
    expect(first.err).toMatch(/↓ s: fetched s3:\/\/data\/images\/\*\.jpg \(6 bytes in \d+\.\ds\)\n/);
    expect(first.err).toContain('↓ s: fetching s3://data/train/t.csv (input "table", 8 bytes)\n');
    expect(first.err).toMatch(/↓ s: fetched s3:\/\/data\/train\/t\.csv \(8 bytes in /);
    const asked = s3.requests.length;
    const second = await pipewright(['run', '--step', 's'], dir, env);
    expect(second.code, second.err).toBe(0);
    expect(second.err).not.toContain('fetching');
    // Both are listed again (objects may have come or changed since), and nothing fetched again.
    const again = s3.requests.slice(asked);
    expect(again.length).toBeGreaterThan(0);
    expect(again.filter((r) => r.startsWith('GET ') && !r.includes('list-type='))).toEqual([]);
    expect(cli(['logs', '2'], dir).out).toBe(cli(['logs', '1'], dir).out);
  });

  it("fails the node with the CLI's own words when the key is not there, and fetches it once it is", async () => {
    const dir = makeProject(LISTING_STEP('      - {name: table, default: s3://data/train/missing.csv}\n'));
    const result = await pipewright(['run', '--step', 's'], dir, env);
    expect(result.code).toBe(1);
    expect(result.err).toContain('input "table": cannot fetch s3://data/train/missing.csv with the AWS CLI');
    expect(result.err).toContain('Key "train/missing.csv" does not exist');
    // Nothing half-fetched is kept for it: once the key is there, the next run fetches it.
    writeFileSync(join(root, 'data/train/missing.csv'), 'a,b\n');
    const again = await pipewright(['run', '--step', 's'], dir, env);
    expect(again.code, again.err).toBe(0);
    expect(cli(['logs', '2'], dir).out).toBe('table/missing.csv\na,b\n');
  });

  it('looks a key up again on each run: rewritten in place, it is fetched again; gone or unreachable, the copy kept is used and said', async () => {
    const own = await startS3(root); // (closed below, so that it cannot be reached)
    putObject(root, 'data/alone/t.csv', 'a\n', 1_700_000_000);
    const dir = makeProject(LISTING_STEP('      - {name: table, default: s3://data/alone/t.csv}\n'));
    const ownEnv = { ...env, AWS_ENDPOINT_URL: own.endpoint, AWS_MAX_ATTEMPTS: '1' };
    const gets = (): number => own.requests.filter((r) => r.startsWith('GET /data/alone/')).length;
    expect((await pipewright(['run', '--step', 's'], dir, ownEnv)).code).toBe(0);
    expect((await pipewright(['run', '--step', 's'], dir, ownEnv)).code).toBe(0);
    expect(gets()).toBe(1);
    putObject(root, 'data/alone/t.csv', 'b\n', 1_700_000_100); // the same size, written again
    const changed = await pipewright(['run', '--step', 's'], dir, ownEnv);
    expect(changed.code, changed.err).toBe(0);
    expect(gets()).toBe(2);
    expect(cli(['logs', '3'], dir).out).toBe('table/t.csv\nb\n');
    expect(readFileSync(join(dir, '.pipewright/executions/1.1/inputs/table/t.csv'), 'utf8')).toBe('a\n');

    rmSync(join(root, 'data/alone/t.csv'));
    const gone = await pipewright(['run', '--step', 's'], dir, ownEnv);
    expect(gone.code, gone.err).toBe(0);
    expect(gone.err).toContain('input "table": cannot check s3://data/alone/t.csv for a newer version: there is no such object now; using the copy kept, last checked ');
    await own.close();
    const offline = await pipewright(['run', '--step', 's'], dir, ownEnv);
    expect(offline.code, offline.err).toBe(0);
    expect(offline.err).toMatch(/input "table": cannot check s3:\/\/data\/alone\/t\.csv for a newer version: cannot look up s3:\/\/data\/alone\/t\.csv with the AWS CLI \(.*\): .*; using the copy kept, last checked /);
    expect(cli(['logs', 'latest'], dir).out).toBe('table/t.csv\nb\n');
  });

  it('fails the node when a pattern matches nothing, and lists it again next time', async () => {
    const dir = makeProject(LISTING_STEP('      - {name: table, default: "s3://data/train/*.parquet"}\n'));
    const none = await pipewright(['run', '--step', 's'], dir, env);
    expect(none.code).toBe(1);
    expect(none.err).toContain('input "table": nothing matches s3://data/train/*.parquet');
    const listed = s3.requests.length;
    await pipewright(['run', '--step', 's'], dir, env);
    expect(s3.requests.length).toBeGreaterThan(listed);
  });

  it("takes credentials from the project's .env as from the shell; with none anywhere, reads a public bucket unsigned and says where to give them for another", async () => {
    const keyless = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('AWS_ACCESS_KEY_ID') && !name.startsWith('AWS_SECRET')));
    const bare = { ...keyless, AWS_EC2_METADATA_DISABLED: 'true' }; // (and no instance's role to ask for)
    const dir = makeProject(LISTING_STEP('      - {name: table, default: s3://private/m.csv}\n'));
    const refused = await pipewright(['run', '--step', 's'], dir, bare);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('input "table": cannot fetch s3://private/m.csv with the AWS CLI');
    expect(refused.err).toContain("no AWS credentials are set up here, and the bucket does not let anyone read it (aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the shell or the project's .env)");
    writeFileSync(join(dir, '.env'), 'AWS_ACCESS_KEY_ID=from-dotenv\nAWS_SECRET_ACCESS_KEY=secret\n');
    const asked = s3.signers.length;
    const signed = await pipewright(['run', '--step', 's'], dir, bare);
    expect(signed.code, signed.err).toBe(0);
    expect(cli(['logs', '2'], dir).out).toBe('table/m.csv\na\n');
    expect(new Set(s3.signers.slice(asked))).toEqual(new Set(['from-dotenv']));
    const open = makeProject(LISTING_STEP('      - {name: table, default: s3://data/train/t.csv}\n'));
    const before = s3.signers.length;
    const anonymous = await pipewright(['run', '--step', 's'], open, bare);
    expect(anonymous.code, anonymous.err).toBe(0);
    expect(cli(['logs', '1'], open).out).toBe('table/t.csv\nx,y\n1,2\n');
    expect(new Set(s3.signers.slice(before))).toEqual(new Set(['anonymous']));
  });

  it('stops the AWS CLI at once when the run is cancelled while it fetches', async () => {
    const dir = makeProject(LISTING_STEP('      - {name: table, default: s3://data/slow/big.csv}\n'));
    const child = cliAsync(['run', '--step', 's'], dir, env);
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    // Once the CLI asks for the object's bytes:
    await expect.poll(() => s3.requests.some((r) => r.startsWith('GET /data/slow/big.csv')), { timeout: 20_000 }).toBe(true);
    const asked = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(Date.now() - asked).toBeLessThan(3000);
    expect(err).toContain('s cancelled');
    expect(processesWith('s3 cp --only-show-errors s3://data/slow/big.csv')).toEqual([]);
  });
});

describe('s3:// inputs without the AWS CLI', () => {
  it('are refused before the run starts, saying what would fetch them', () => {
    const dir = makeProject(LISTING_STEP('      - {name: table, default: s3://data/train/t.csv}\n'));
    const path = (process.env['PATH'] ?? '').split(delimiter).filter((d) => d !== '' && !existsSync(join(d, 'aws'))).join(delimiter);
    const result = cli(['run', '--step', 's'], dir, { PATH: path, PIPEWRIGHT_AWS: '' });
    expect(result.code).toBe(1);
    expect(result.err).toContain('input "table" defaults to s3://data/train/t.csv, which Pipewright cannot fetch');
    expect(result.err).toContain('with the AWS CLI installed and configured (aws on PATH), it fetches s3:// URLs with your credentials');
  });
});
