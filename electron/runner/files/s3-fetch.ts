/**
 * s3:// input defaults, fetched with the AWS CLI (`aws`) where it is installed: with the
 * credentials, profile and region it is configured with (`aws configure`, `aws sso login`,
 * AWS_PROFILE…, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the project's `.env`), as the user's
 * own `aws s3 cp` would; where none are configured, unsigned (`--no-sign-request`), as a public
 * bucket is read. What every bucket's fetch does (into
 * `.pipewright/downloads/`, read-only, looked at again by each run; a wildcard listed and matched as Valohai matches) is
 * bucket-fetch.ts's; this is how the CLI lists (`aws s3 ls --recursive`), looks one object up
 * (`aws s3api head-object`) and copies (`aws s3 cp`).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fetchFromBucket, type BucketStore, type FetchedObject } from './bucket-fetch.ts';
import type { FetchOptions } from './shared-fetch.ts';
import { DownloadError } from './download.ts';
import { findOnPath } from './find-on-path.ts';
import { dropParts, partName } from './stale-parts.ts';
import { FetchCancelled } from './shared-fetch.ts';

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

type Env = Readonly<Record<string, string | undefined>>;

/** The objects `url` names (a wildcard URL: every object it matches), fetched as `options` asks (bucket-fetch.ts), the AWS CLI run with `env`. */
export function fetchS3(url: string, downloadsDir: string, aws: string, options: FetchOptions = {}, env: Env = process.env): Promise<FetchedObject[]> {
  const named = s3Parts(url);
  if (!named) return Promise.reject(new DownloadError(`cannot fetch ${url}: an s3:// URL names a bucket and a key (s3://bucket/path/file.csv)`));
  return fetchFromBucket(url, named.key, downloadsDir, () => Promise.resolve(store(url, named.bucket, cliRunner(aws, url, env))), options);
}

type RunAws = (args: readonly string[], cancelled: AbortSignal, doing: 'list' | 'look up' | 'fetch') => Promise<string>;

/**
 * Runs the AWS CLI for one URL's fetch. Where it finds no credentials at all, it asks again
 * unsigned (and from then on), as a public bucket is read; a bucket that refuses that is said to
 * need credentials, and where they may be given.
 */
function cliRunner(aws: string, url: string, env: Env): RunAws {
  let unsigned = false;
  const run: RunAws = async (args, cancelled, doing) => {
    if (!unsigned) {
      try {
        return await runAws(aws, args, url, env, cancelled, doing);
      } catch (error) {
        if (!(error instanceof DownloadError) || !/Unable to locate credentials/i.test(error.message)) throw error;
        unsigned = true;
      }
    }
    try {
      return await runAws(aws, [...args, '--no-sign-request'], url, env, cancelled, doing);
    } catch (error) {
      if (!(error instanceof DownloadError) || !/AccessDenied|Forbidden|\(403\)/.test(error.message)) throw error;
      throw new DownloadError(`${error.message}: no AWS credentials are set up here, and the bucket does not let anyone read it (aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the shell or the project's .env)`);
    }
  };
  return run;
}

function store(url: string, bucket: string, cli: RunAws): BucketStore {
  return {
    // `aws s3 ls --recursive` pages by itself: one answer. Each line: date, time (the version), size, key (which may hold spaces).
    listPage: async (prefix, _page, cancelled) => {
      const listing = await cli(['s3', 'ls', '--recursive', `s3://${bucket}/${prefix}`], cancelled, 'list');
      const objects = listing.split('\n').flatMap((line) => {
        const found = /^(\S+\s+\S+)\s+(\d+)\s+(.*)$/.exec(line.trimEnd());
        return found ? [{ key: found[3] as string, size: Number(found[2]), version: found[1] as string }] : [];
      });
      return { objects, next: undefined };
    },
    // HeadObject: its length and ETag (which changes with its content), with the same rights as a fetch.
    describe: async (key, cancelled) => {
      let said: string;
      try {
        said = await cli(['s3api', 'head-object', '--bucket', bucket, '--key', key, '--output', 'json'], cancelled, 'look up');
      } catch (error) {
        if (error instanceof DownloadError && /\(404\)|\(NoSuchKey\)/.test(error.message)) return undefined;
        throw error;
      }
      let head: { ContentLength?: unknown; ETag?: unknown };
      try {
        head = JSON.parse(said) as typeof head;
      } catch {
        throw new DownloadError(`cannot look up ${url} with the AWS CLI: it answered with what is not JSON`);
      }
      return { key, size: typeof head.ContentLength === 'number' ? head.ContentLength : null, ...(typeof head.ETag === 'string' ? { version: head.ETag } : {}) };
    },
    fetchObject: async (key, file, { cancelled, onBytes, resumeFrom }) => {
      dropParts(resumeFrom); // (the AWS CLI cannot be asked to go on from one)
      const temp = partName(file, randomUUID());
      await mkdir(dirname(file), { recursive: true });
      try {
        await cli(['s3', 'cp', '--only-show-errors', `s3://${bucket}/${key}`, temp], cancelled, 'fetch');
        await chmod(temp, 0o444); // read-only, as downloads and stored outputs are: inputs link to it
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      onBytes((await stat(file)).size);
    },
  };
}

/** Runs the AWS CLI (killed when `cancelled` aborts); its own words (the last lines it wrote) say why it failed. */
function runAws(aws: string, args: readonly string[], url: string, env: Env, cancelled: AbortSignal, doing: 'list' | 'look up' | 'fetch'): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(aws, args, { maxBuffer: 256 * 1024 * 1024, env: { ...env, AWS_PAGER: '' }, signal: cancelled, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if (cancelled.aborted) return reject(new FetchCancelled(url));
      // `aws s3 ls` that finds nothing exits 1 and says nothing.
      if (args[1] === 'ls' && error.code === 1 && stderr.trim() === '') return resolve('');
      const said = stderr.trim().split('\n').slice(-3).join(' ').trim();
      const code = (error as NodeJS.ErrnoException).code;
      reject(new DownloadError(`cannot ${doing} ${url} with the AWS CLI (${aws}): ${said || (code === 'ENOENT' ? 'it is not there' : error.message)}`));
    });
  });
}
