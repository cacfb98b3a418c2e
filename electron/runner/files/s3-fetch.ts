/**
 * s3:// input defaults, fetched with the AWS CLI (`aws`) where it is installed: with the
 * credentials, profile and region it is configured with (`aws configure`, `aws sso login`,
 * AWS_PROFILE…), as the user's own `aws s3 cp` would. Like http(s) downloads, each URL is fetched
 * once into `.pipewright/downloads/<hash of URL>/`, read-only; a wildcard URL is listed
 * (`aws s3 ls --recursive` under the key before its first wildcard), matched as Valohai matches
 * (`*` crosses folders) and each match fetched, its key kept under that folder.
 */
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hasWildcard, valohaiMatcher } from '../../../shared/run/valohai-glob.ts';
import type { FetchedObject } from './bucket-fetch.ts';
import { DownloadError } from './download.ts';
import { findOnPath } from './find-on-path.ts';
import { FetchCancelled, SharedFetches, type FetchControl, type OnProgress } from './shared-fetch.ts';

/** The `aws` command on PATH (PIPEWRIGHT_AWS names another), or undefined where there is none. */
export function awsCli(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  return env['PIPEWRIGHT_AWS'] || findOnPath('aws', env);
}

export function isS3(url: string): boolean {
  return /^s3:\/\//i.test(url);
}

/** Bucket and key of `s3://bucket/key` (the key may hold wildcards); undefined for a URL that names no object. */
export function s3Parts(url: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/i.exec(url);
  return match ? { bucket: match[1] as string, key: match[2] as string } : undefined;
}

/** Fetches in this process, by URL: a sweep's children asking at once share one. */
const inFlight = new SharedFetches<FetchedObject[]>();

/**
 * The objects `url` names, fetched on first use (a wildcard URL: every object it matches);
 * `signal`: the asking execution's cancel; `onProgress`: the bytes fetched so far, object by object.
 */
export function fetchS3(url: string, downloadsDir: string, aws: string, signal?: AbortSignal, onProgress?: OnProgress): Promise<FetchedObject[]> {
  const named = s3Parts(url);
  if (!named) return Promise.reject(new DownloadError(`cannot fetch ${url}: an s3:// URL names a bucket and a key (s3://bucket/path/file.csv)`));
  const folder = join(downloadsDir, createHash('sha256').update(url).digest('hex').slice(0, 24));
  const manifest = join(folder, '.objects.json');
  if (existsSync(manifest)) return Promise.resolve(JSON.parse(readFileSync(manifest, 'utf8')) as FetchedObject[]);
  return inFlight.get(url, url, ({ signal: cancelled, report }) => fetchAll(url, named.bucket, named.key, folder, manifest, { aws, cancelled }, report), signal, onProgress);
}

interface Cli {
  readonly aws: string;
  /** Kills the `aws` under way, and stops the fetch. */
  readonly cancelled: AbortSignal;
}

async function fetchAll(url: string, bucket: string, key: string, folder: string, manifest: string, cli: Cli, report: FetchControl['report']): Promise<FetchedObject[]> {
  // A listing gives each object's size: the total is known for a wildcard, not for one key.
  const listed = hasWildcard(key) ? await matching(url, bucket, key, cli) : [{ key, size: null }];
  const keys = listed.map((object) => object.key);
  const total = listed.every((object) => object.size !== null) ? listed.reduce((sum, object) => sum + (object.size ?? 0), 0) : null;
  let received = 0;
  report({ received, total, done: false });
  const fetched: FetchedObject[] = [];
  for (const each of keys) {
    const file = join(folder, 'objects', ...each.split('/').filter((part) => part !== '' && part !== '.' && part !== '..'));
    const temp = `${file}.${process.pid}.${randomUUID()}.part`;
    await mkdir(dirname(file), { recursive: true });
    try {
      await runAws(cli, ['s3', 'cp', '--only-show-errors', `s3://${bucket}/${each}`, temp], url);
      await chmod(temp, 0o444); // read-only, as downloads and stored outputs are: inputs link to it
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    fetched.push({ file, key: each });
    received += (await stat(file)).size;
    report({ received, total, done: false });
  }
  // (A pattern that matched nothing is listed again next time: the objects may be there by then.)
  if (fetched.length > 0) await writeFile(manifest, JSON.stringify(fetched));
  report({ received, total: received, done: true });
  return fetched;
}

/** The keys a wildcard key matches, with their sizes, listed under its part before the first wildcard. */
async function matching(url: string, bucket: string, pattern: string, cli: Cli): Promise<{ key: string; size: number | null }[]> {
  const prefix = pattern.slice(0, pattern.search(/[*?[]/));
  const listing = await runAws(cli, ['s3', 'ls', '--recursive', `s3://${bucket}/${prefix}`], url);
  const matches = valohaiMatcher(pattern);
  // Each line: date, time, size, key (which may hold spaces); folders' own markers end in `/`.
  const objects = listing
    .split('\n')
    .map((line) => /^\S+\s+\S+\s+(\d+)\s+(.*)$/.exec(line.trimEnd()))
    .map((found) => (found ? { key: found[2] as string, size: Number(found[1]) } : undefined))
    .filter((o): o is { key: string; size: number } => o !== undefined && !o.key.endsWith('/') && matches(o.key));
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Runs the AWS CLI; its own words (the last lines it wrote) say why it failed. */
function runAws({ aws, cancelled }: Cli, args: readonly string[], url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(aws, args, { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, AWS_PAGER: '' }, signal: cancelled, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if (cancelled.aborted) return reject(new FetchCancelled(url));
      // `aws s3 ls` that finds nothing exits 1 and says nothing.
      if (args[1] === 'ls' && error.code === 1 && stderr.trim() === '') return resolve('');
      const said = stderr.trim().split('\n').slice(-3).join(' ').trim();
      const code = (error as NodeJS.ErrnoException).code;
      reject(new DownloadError(`cannot fetch ${url} with the AWS CLI (${aws}): ${said || (code === 'ENOENT' ? 'it is not there' : error.message)}`));
    });
  });
}
