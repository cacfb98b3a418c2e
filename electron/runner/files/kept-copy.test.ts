/**
 * A downloaded input default is checked against its server once per run (a conditional request),
 * so a file changed at its URL is not run stale for ever; offline, the copy is used and said. The
 * real CLI runs against a real HTTP server on this machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeProject } from '../../../test-support/runner.ts';
import { pipewright } from '../../../test-support/store-inputs.ts';
import { testServer } from '../../../test-support/test-server.ts';

const server = testServer();

interface Site {
  body: string;
  /** Its version as the server names it; undefined: it names none. */
  etag: string | undefined;
  /** Each request's If-None-Match, and its answer's status. */
  readonly asked: { ifNoneMatch: string | undefined; status: number }[];
}

async function serve(site: Site): Promise<string> {
  const base = await server.serve((req, res) => {
    const ifNoneMatch = req.headers['if-none-match'];
    const status = site.etag !== undefined && ifNoneMatch === site.etag ? 304 : 200;
    site.asked.push({ ifNoneMatch, status });
    res.writeHead(status, site.etag === undefined ? {} : { etag: site.etag });
    res.end(status === 200 ? site.body : undefined);
  });
  return `${base}/rows.csv`;
}

/** Two nodes side by side, each printing the rows the URL gives. */
function readingTwice(url: string): string {
  return makeProject(`- step: {name: read, image: x, command: 'cat "$VH_INPUTS_DIR/rows/rows.csv"', inputs: [{name: rows, default: "${url}"}]}
- pipeline:
    name: p
    nodes: [{name: a, type: execution, step: read}, {name: b, type: execution, step: read}]
    edges: []
`);
}

const run = (dir: string) => pipewright(['run', '--pipeline', 'p', '--jobs', '1'], dir, {});

describe('a downloaded input kept from an earlier run', () => {
  it('is checked once per run: the same (304) is not fetched again, a changed one is, and earlier runs keep what they read', async () => {
    const site: Site = { body: 'a,1\n', etag: '"v1"', asked: [] };
    const dir = readingTwice(await serve(site));
    expect((await run(dir)).code).toBe(0);
    expect(site.asked).toEqual([{ ifNoneMatch: undefined, status: 200 }]);

    const same = await run(dir);
    expect(same.code, same.err).toBe(0);
    expect(site.asked.slice(1)).toEqual([{ ifNoneMatch: '"v1"', status: 304 }]); // once for both nodes
    expect(same.err).not.toContain('fetching');

    Object.assign(site, { body: 'a,2\n', etag: '"v2"' });
    const changed = await run(dir);
    expect(changed.code, changed.err).toBe(0);
    expect(site.asked.slice(2)).toEqual([{ ifNoneMatch: '"v1"', status: 200 }]);
    expect(cli(['logs', '3', 'b'], dir).out).toBe('a,2\n');
    // The first run's inputs are its own: the new content did not overwrite them.
    expect(readFileSync(join(dir, '.pipewright', 'executions', '1.1', 'inputs', 'rows', 'rows.csv'), 'utf8')).toBe('a,1\n');
  });

  it("is used as it is, with a warning, when its server cannot be reached; one whose server names no version is not asked again", async () => {
    const site: Site = { body: 'a,1\n', etag: '"v1"', asked: [] };
    const dir = readingTwice(await serve(site));
    expect((await run(dir)).code).toBe(0);
    await server.close();
    const offline = await run(dir);
    expect(offline.code, offline.err).toBe(0);
    expect(offline.err).toMatch(/warning: node "a": input "rows": cannot check http:\/\/127\.0\.0\.1:\d+\/rows\.csv for a newer version: the connection was refused \(nothing listens at that address\); using the copy kept, last checked \d{4}-\d\d-\d\d \d\d:\d\d UTC\n/);
    expect(offline.err.match(/cannot check/g)).toHaveLength(1);
    expect(cli(['logs', 'latest', 'b'], dir).out).toBe('a,1\n');

    const plain: Site = { body: 'p\n', etag: undefined, asked: [] };
    const unversioned = readingTwice(await serve(plain));
    expect((await run(unversioned)).code).toBe(0);
    expect((await run(unversioned)).code).toBe(0);
    expect(plain.asked).toHaveLength(1);
  });

  it('goes with prune --downloads (what runs read stays theirs), and the next run fetches it again', async () => {
    const site: Site = { body: 'a,1\n', etag: '"v1"', asked: [] };
    const dir = readingTwice(await serve(site));
    expect((await run(dir)).code).toBe(0);
    const kept = join(dir, '.pipewright', 'downloads');
    expect(cli(['prune', '--downloads', '--dry-run'], dir).out).toMatch(/^would remove 0 runs and the kept copies of input URLs \(0\.0 MiB\); nothing removed \(--dry-run\)\n$/);
    expect(existsSync(kept)).toBe(true);
    const pruned = JSON.parse(cli(['prune', '--downloads', '--json'], dir).out) as { pruned: string[]; downloadsBytes: number };
    expect(pruned.pruned).toEqual([]);
    expect(pruned.downloadsBytes).toBeGreaterThanOrEqual(4);
    expect(existsSync(kept)).toBe(false);
    expect(readFileSync(join(dir, '.pipewright', 'executions', '1.1', 'inputs', 'rows', 'rows.csv'), 'utf8')).toBe('a,1\n');
    expect((await run(dir)).code).toBe(0);
    expect(site.asked.at(-1)).toEqual({ ifNoneMatch: undefined, status: 200 });
  });

  it('keeps what it knows of a copy apart from it: a URL may name a file .version.json', async () => {
    const site: Site = { body: 'mine\n', etag: '"v1"', asked: [] };
    const url = (await serve(site)).replace(/rows\.csv$/, '.version.json');
    const dir = makeProject(`- step: {name: read, image: x, command: 'cat "$VH_INPUTS_DIR/rows/.version.json"', inputs: [{name: rows, default: "${url}"}]}\n`);
    for (const status of [200, 304]) {
      const ran = await pipewright(['run', '--step', 'read'], dir, {});
      expect(ran.code, ran.err).toBe(0);
      expect(cli(['logs', 'latest'], dir).out).toBe('mine\n');
      expect(site.asked.at(-1)?.status).toBe(status);
    }
  });
});
