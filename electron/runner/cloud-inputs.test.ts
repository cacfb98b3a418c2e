/**
 * gs:// and azure:// inputs, fetched over each store's own HTTPS API: the real CLI runs, against a
 * small stand-in for that API on this machine (STORAGE_EMULATOR_HOST; a connection string's
 * BlobEndpoint, as for Azurite), since neither store is reachable from here.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, makeProject } from '../../test-support/runner.ts';
import { LISTING_STEP, pipewright, putObject, TWO_READERS } from '../../test-support/store-inputs.ts';
import { ACCOUNT_KEY, blobEtag, startAzure } from '../../test-support/azure-server.ts';
import { startGcs } from '../../test-support/gcs-server.ts';
import { accountKey, blobEndpoint } from './files/azure-fetch.ts';
import { gcsEndpoint } from './files/gcs-fetch.ts';
import { urlFolder } from './files/kept-copy.ts';

interface Stand {
  readonly requests: string[];
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

const STORES = [
  {
    store: 'gs://',
    url: (bucket: string, key: string) => `gs://${bucket}/${key}`,
    start: async (root: string): Promise<Stand> => {
      const gcs = await startGcs(root);
      return { requests: gcs.requests, close: gcs.close, env: { STORAGE_EMULATOR_HOST: gcs.host, GOOGLE_OAUTH_ACCESS_TOKEN: '' } };
    },
    signedIn: { GOOGLE_OAUTH_ACCESS_TOKEN: 'good' },
    isObjectFetch: (request: string) => request.includes('alt=media'),
    refused: 'the server answered HTTP 401 Unauthorized; not allowed as this machine asked: sign in with gcloud auth login (or set GOOGLE_OAUTH_ACCESS_TOKEN, in the shell or the project\'s .env)',
    missing: 'the server answered HTTP 404 Not Found; there is no such object',
  },
  {
    store: 'azure://',
    url: (container: string, key: string) => `azure://acct/${container}/${key}`,
    start: async (root: string): Promise<Stand> => {
      const azure = await startAzure(root);
      return { requests: azure.requests, close: azure.close, env: { AZURE_STORAGE_CONNECTION_STRING: `BlobEndpoint=${azure.blobEndpoint}`, AZURE_STORAGE_SAS_TOKEN: '' } };
    },
    signedIn: { AZURE_STORAGE_SAS_TOKEN: '?sv=2021-08-06&sig=good' },
    isObjectFetch: (request: string) => request.startsWith('GET ') && !request.includes('comp=list'),
    refused: 'the server answered HTTP 403 Forbidden; not allowed as this machine asked: sign in with az login, or set AZURE_STORAGE_SAS_TOKEN to a SAS for the container (or the account\'s key: AZURE_STORAGE_KEY, or a connection string in AZURE_STORAGE_CONNECTION_STRING), in the shell or the project\'s .env',
    missing: 'the server answered HTTP 404 Not Found; there is no such blob',
  },
] as const;

describe.each(STORES)('$store inputs', ({ url, start, signedIn, refused, missing, isObjectFetch }) => {
  let stand: Stand;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipewright-cloud-'));
    for (const [key, text] of Object.entries({ 'data/train/t.csv': 'x,y\n1,2\n', 'data/images/2.jpg': 'two', 'data/images/a/1.jpg': 'one', 'data/images/b/3.jpg': 'three', 'data/images/notes.txt': 'no', 'private/m.csv': 'a\n', 'unlisted/m.csv': 'u\n' })) {
      mkdirSync(join(root, key, '..'), { recursive: true });
      writeFileSync(join(root, key), text);
    }
    stand = await start(root);
  });
  afterAll(() => stand.close());

  it("fetches an object and a wildcard's matches over every page of the listing (* crossing folders, keep-directories kept), names them by their URI, once", async () => {
    const dir = makeProject(LISTING_STEP(`      - {name: table, default: "${url('data', 'train/t.csv')}"}\n      - {name: images, default: "${url('data', 'images/*.jpg')}", keep-directories: suffix}\n`));
    const first = await pipewright(['run', '--step', 's'], dir, stand.env);
    expect(first.code, first.err).toBe(0);
    expect(cli(['logs', '1'], dir).out).toBe('images/2.jpg\nimages/a/1.jpg\nimages/b/3.jpg\ntable/t.csv\nx,y\n1,2\n');
    const inputs = JSON.parse(readFileSync(join(dir, '.pipewright/executions/1.1/config/inputs.json'), 'utf8')) as Record<string, { files: { uri: string }[] }>;
    expect(inputs['images']?.files.map((f) => f.uri)).toEqual([url('data', 'images/2.jpg'), url('data', 'images/a/1.jpg'), url('data', 'images/b/3.jpg')]);
    expect(stand.requests.filter((r) => /prefix=/.test(r)).length).toBeGreaterThan(1); // the listing came in pages
    expect(first.err).toContain(`↓ s: fetching ${url('data', 'images/*.jpg')} (input "images", 11 bytes)\n`);
    const asked = stand.requests.length;
    const second = await pipewright(['run', '--step', 's'], dir, stand.env);
    expect(second.code, second.err).toBe(0);
    expect(stand.requests.slice(asked).filter(isObjectFetch)).toEqual([]); // (the wildcard is listed again: see below)
  });

  it("lists a wildcard again on each run, once: an object added or changed since is fetched, the others not; unreachable, the listing kept is used and said", async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipewright-cloud-'));
    const put = (name: string, text: string, at: number): void => putObject(root, `data/shards/${name}`, text, at);
    put('a.txt', 'a\n', 1_700_000_000);
    put('b.txt', 'b\n', 1_700_000_000);
    const own = await start(root);
    const wildcard = url('data', 'shards/*.txt');
    const dir = makeProject(TWO_READERS('shards', wildcard, 'cat "$VH_INPUTS_DIR"/shards/*'));
    const listings = (): number => own.requests.filter((r) => !isObjectFetch(r)).length;
    const first = await pipewright(['run', '--pipeline', 'p', '--jobs', '1'], dir, own.env);
    expect(first.code, first.err).toBe(0);
    expect(listings()).toBe(1); // its second node took the listing its first made
    expect(cli(['logs', 'latest', 'two'], dir).out).toBe('a\nb\n');

    put('a.txt', 'A\n', 1_700_000_100); // the same size, written again
    put('c.txt', 'c\n', 1_700_000_100);
    const asked = own.requests.length;
    const second = await pipewright(['run', '--pipeline', 'p', '--jobs', '1'], dir, own.env);
    expect(second.code, second.err).toBe(0);
    expect(listings()).toBe(3); // listed again, once, in two pages (of two) now
    expect(own.requests.slice(asked).filter(isObjectFetch).map((r) => decodeURIComponent(r.replace(/\?.*/, '')).split('/').pop())).toEqual(['a.txt', 'c.txt']);
    expect(cli(['logs', 'latest', 'one'], dir).out).toBe('A\nb\nc\n');

    await own.close();
    const offline = await pipewright(['run', '--pipeline', 'p', '--jobs', '1'], dir, own.env);
    expect(offline.code, offline.err).toBe(0);
    const kept = `warning: node "one": input "shards": cannot list ${wildcard}: the connection was refused (nothing listens at that address); using the 3 objects it matched when last listed (`;
    expect(offline.err).toContain(kept);
    expect(offline.err.match(/when last listed/g)).toHaveLength(1); // its second node took that listing without asking again
    expect(cli(['logs', 'latest', 'two'], dir).out).toBe('A\nb\nc\n');
  });

  it('looks an object named alone up again on each run, once: rewritten in place, it is fetched again (earlier runs keep what they read); gone or unreachable, the copy kept is used and said', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipewright-cloud-'));
    putObject(root, 'data/alone/t.csv', 'a\n', 1_700_000_000);
    const own = await start(root);
    const object = url('data', 'alone/t.csv');
    const dir = makeProject(TWO_READERS('table', object, 'cat "$VH_INPUTS_DIR"/table/t.csv'));
    const run = (): ReturnType<typeof pipewright> => pipewright(['run', '--pipeline', 'p', '--jobs', '1'], dir, own.env);
    const since = (asked: number): { lookups: number; fetches: number } => {
      const made = own.requests.slice(asked);
      return { lookups: made.filter((r) => !isObjectFetch(r)).length, fetches: made.filter(isObjectFetch).length };
    };
    const first = await run();
    expect(first.code, first.err).toBe(0);
    expect(first.err).toContain(`↓ one: fetching ${object} (input "table", 2 bytes)`); // its size from the lookup
    expect(since(0)).toEqual({ lookups: 1, fetches: 1 });

    let asked = own.requests.length;
    const same = await run();
    expect(same.code, same.err).toBe(0);
    expect(same.err).not.toContain('fetching');
    expect(since(asked)).toEqual({ lookups: 1, fetches: 0 }); // looked up once for the run's two nodes

    putObject(root, 'data/alone/t.csv', 'b\n', 1_700_000_100); // the same size, written again
    asked = own.requests.length;
    const changed = await run();
    expect(changed.code, changed.err).toBe(0);
    expect(since(asked)).toEqual({ lookups: 1, fetches: 1 });
    expect(cli(['logs', '3', 'two'], dir).out).toBe('b\n');
    expect(readFileSync(join(dir, '.pipewright/executions/1.1/inputs/table/t.csv'), 'utf8')).toBe('a\n');

    rmSync(join(root, 'data/alone/t.csv'));
    const gone = await run();
    expect(gone.code, gone.err).toBe(0);
    expect(gone.err).toContain(`warning: node "one": input "table": cannot check ${object} for a newer version: there is no such object now; using the copy kept, last checked `);
    expect(gone.err.match(/using the copy kept/g)).toHaveLength(1); // its second node took the copy without asking again
    expect(cli(['logs', 'latest', 'two'], dir).out).toBe('b\n');

    await own.close();
    const offline = await run();
    expect(offline.code, offline.err).toBe(0);
    expect(offline.err).toContain(`input "table": cannot check ${object} for a newer version: the connection was refused (nothing listens at that address); using the copy kept, last checked `);
    expect(cli(['logs', 'latest', 'one'], dir).out).toBe('b\n');
  });

  it('checks an object one may read but not list, and says nothing of it', async () => {
    const dir = makeProject(LISTING_STEP(`      - {name: table, default: "${url('unlisted', 'm.csv')}"}\n`));
    for (const n of [1, 2]) {
      const ran = await pipewright(['run', '--step', 's'], dir, stand.env);
      expect(ran.code, ran.err).toBe(0);
      expect(ran.err).not.toContain('warning');
      expect(cli(['logs', String(n)], dir).out).toBe('table/m.csv\nu\n');
    }
  });

  it('plan --cache does not fetch it to tell: it is compared when the run starts', async () => {
    const dir = makeProject(LISTING_STEP(`      - {name: table, default: "${url('data', 'train/t.csv')}"}\n`));
    expect((await pipewright(['run', '--step', 's', '--cache'], dir, stand.env)).code).toBe(0);
    const asked = stand.requests.length;
    const planned = await pipewright(['plan', '--step', 's', '--cache'], dir, stand.env);
    expect(planned.code, planned.err).toBe(0);
    expect(planned.out).toContain('(downloads are compared when the run starts)');
    expect(stand.requests.length).toBe(asked);
  });

  it('says how to sign in when the store is not open to anyone, and fetches it signed in', async () => {
    const dir = makeProject(LISTING_STEP(`      - {name: table, default: "${url('private', 'm.csv')}"}\n`));
    const refusal = await pipewright(['run', '--step', 's'], dir, stand.env);
    expect(refusal.code).toBe(1);
    expect(refusal.err).toContain(`input "table": cannot download ${url('private', 'm.csv')}: ${refused}`);
    const ran = await pipewright(['run', '--step', 's'], dir, { ...stand.env, ...signedIn });
    expect(ran.code, ran.err).toBe(0);
    expect(cli(['logs', '2'], dir).out).toBe('table/m.csv\na\n');
    // The same sign-in from the project's .env, the shell giving none (a copy kept would hide a refused fetch: a new project).
    const fresh = makeProject(LISTING_STEP(`      - {name: table, default: "${url('private', 'm.csv')}"}\n`));
    writeFileSync(join(fresh, '.env'), Object.entries(signedIn).map(([name, value]) => `${name}=${value}\n`).join(''));
    const shell = Object.fromEntries(Object.entries(stand.env).filter(([name]) => !(name in signedIn)));
    const fromDotenv = await pipewright(['run', '--step', 's'], fresh, shell);
    expect(fromDotenv.code, fromDotenv.err).toBe(0);
    expect(cli(['logs', '1'], fresh).out).toBe('table/m.csv\na\n');
  });

  it('fails the node saying the object is not there, and a pattern that matches nothing', async () => {
    const gone = await pipewright(['run', '--step', 's'], makeProject(LISTING_STEP(`      - {name: table, default: "${url('data', 'train/gone.csv')}"}\n`)), stand.env);
    expect(gone.code).toBe(1);
    expect(gone.err).toContain(`cannot download ${url('data', 'train/gone.csv')}: ${missing}; --input table=PATH gives it a copy kept on this machine instead`);
    const none = await pipewright(['run', '--step', 's'], makeProject(LISTING_STEP(`      - {name: table, default: "${url('data', 'train/*.parquet')}"}\n`)), stand.env);
    expect(none.code).toBe(1);
    expect(none.err).toContain(`input "table": nothing matches ${url('data', 'train/*.parquet')}`);
  });
});

describe("azure:// with the account's key", () => {
  it('signs each request with the key of a connection string (AccountKey) or of AZURE_STORAGE_KEY; a wrong key is refused saying which to check', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pipewright-cloud-'));
    for (const key of ['private/rows/1.csv', 'private/rows/2.csv', 'private/rows/3.csv']) {
      mkdirSync(join(root, key, '..'), { recursive: true });
      writeFileSync(join(root, key), `${key}\n`);
    }
    const azure = await startAzure(root);
    try {
      const dir = makeProject(LISTING_STEP('      - {name: table, default: "azure://acct/private/rows/*.csv"}\n'));
      const viaString = { AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=${ACCOUNT_KEY};BlobEndpoint=${azure.blobEndpoint}`, AZURE_STORAGE_SAS_TOKEN: '' };
      const first = await pipewright(['run', '--step', 's'], dir, viaString);
      expect(first.code, first.err).toBe(0);
      expect(cli(['logs', 'latest'], dir).out).toBe('table/1.csv\ntable/2.csv\ntable/3.csv\nprivate/rows/1.csv\nprivate/rows/2.csv\nprivate/rows/3.csv\n');

      const wrong = Buffer.from('not the key').toString('base64');
      const refused = await pipewright(['run', '--step', 's'], makeProject(LISTING_STEP('      - {name: table, default: "azure://acct/private/rows/1.csv"}\n')), { AZURE_STORAGE_CONNECTION_STRING: `BlobEndpoint=${azure.blobEndpoint}`, AZURE_STORAGE_KEY: wrong, AZURE_STORAGE_SAS_TOKEN: '' });
      expect(refused.code).toBe(1);
      expect(refused.err).toContain("cannot download azure://acct/private/rows/1.csv: the server answered HTTP 403 Forbidden; the account's key was refused: check AZURE_STORAGE_KEY or the connection string's AccountKey");

      const viaKey = await pipewright(['run', '--step', 's'], makeProject(LISTING_STEP('      - {name: table, default: "azure://acct/private/rows/2.csv"}\n')), { AZURE_STORAGE_CONNECTION_STRING: `BlobEndpoint=${azure.blobEndpoint}`, AZURE_STORAGE_ACCOUNT: 'acct', AZURE_STORAGE_KEY: ACCOUNT_KEY, AZURE_STORAGE_SAS_TOKEN: '' });
      expect(viaKey.code, viaKey.err).toBe(0);

      // A blob's fetch that stopped part way goes on from there: its Range is signed with the rest.
      const url = 'azure://acct/private/rows/3.csv';
      const resuming = makeProject(LISTING_STEP(`      - {name: table, default: "${url}"}\n`));
      const objects = join(urlFolder(join(resuming, '.pipewright', 'downloads'), url), 'objects', 'rows');
      mkdirSync(objects, { recursive: true });
      const part = join(objects, '3.csv.0.0b0e8a8e-1111-4222-8333-944445555666.part');
      writeFileSync(part, 'private/');
      writeFileSync(`${part}.json`, JSON.stringify({ validator: blobEtag(join(root, 'private', 'rows', '3.csv')) }));
      const resumed = await pipewright(['run', '--step', 's'], resuming, viaString);
      expect(resumed.code, resumed.err).toBe(0);
      expect(azure.ranges).toEqual(['bytes=8-']);
      expect(cli(['logs', 'latest'], resuming).out).toBe('table/3.csv\nprivate/rows/3.csv\n');
    } finally {
      await azure.close();
    }
  });

  it("takes a key only for its own account, and says one that is not base64", () => {
    expect(accountKey('acct', { AZURE_STORAGE_CONNECTION_STRING: 'AccountName=other;AccountKey=abcd' })).toBeUndefined();
    expect(accountKey('acct', { AZURE_STORAGE_ACCOUNT: 'other', AZURE_STORAGE_KEY: 'abcd' })).toBeUndefined();
    expect(accountKey('ACCT', { AZURE_STORAGE_CONNECTION_STRING: 'AccountName=acct;AccountKey=abcd' })?.key).toEqual(Buffer.from('abcd', 'base64'));
    expect(accountKey('devstoreaccount1', { AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' })?.key.length).toBe(64);
    expect(() => accountKey('acct', { AZURE_STORAGE_KEY: 'my password!' })).toThrow('cannot fetch from the Azure account acct: AZURE_STORAGE_KEY is not an account key (base64 text');
  });
});

describe('where each store is reached', () => {
  it("reads STORAGE_EMULATOR_HOST as Google's clients do, with or without its scheme", () => {
    expect(gcsEndpoint({})).toBe('https://storage.googleapis.com');
    expect(gcsEndpoint({ STORAGE_EMULATOR_HOST: 'localhost:9023' })).toBe('http://localhost:9023');
    expect(gcsEndpoint({ STORAGE_EMULATOR_HOST: 'https://gcs.internal/' })).toBe('https://gcs.internal');
  });

  it("takes an Azure account's blobs from its public endpoint, or a connection string's BlobEndpoint", () => {
    expect(blobEndpoint('acct', {})).toBe('https://acct.blob.core.windows.net');
    const azurite = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=abc==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;';
    expect(blobEndpoint('devstoreaccount1', { AZURE_STORAGE_CONNECTION_STRING: azurite })).toBe('http://127.0.0.1:10000/devstoreaccount1');
    expect(blobEndpoint('devstoreaccount1', { AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' })).toBe('http://127.0.0.1:10000/devstoreaccount1');
    const china = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc==;EndpointSuffix=core.chinacloudapi.cn';
    expect(blobEndpoint('acct', { AZURE_STORAGE_CONNECTION_STRING: china })).toBe('https://acct.blob.core.chinacloudapi.cn');
    expect(blobEndpoint('other', { AZURE_STORAGE_CONNECTION_STRING: china })).toBe('https://other.blob.core.windows.net'); // another account's string
  });
});
