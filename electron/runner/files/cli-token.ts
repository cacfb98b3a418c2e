/**
 * A bearer token a cloud's own CLI prints for the signed-in user (`gcloud auth print-access-token`,
 * `az account get-access-token`): asked for once and kept 30 minutes (they last an hour or more).
 * Only a token is kept, so one who signs in after finding none is asked again at once; a refused
 * one is forgotten (it may have expired, or another account signed in).
 */
import { execFile } from 'node:child_process';
import { findOnPath } from './find-on-path.ts';

const KEPT_MS = 30 * 60_000;

export class CliToken {
  private readonly command: string;
  private readonly args: readonly string[];
  private kept: { token: string; at: number } | undefined;

  constructor(command: string, args: readonly string[]) {
    this.command = command;
    this.args = args;
  }

  /** The token, or undefined where the CLI is not installed or gives none (nobody signed in). */
  async get(env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
    if (this.kept && Date.now() - this.kept.at < KEPT_MS) return this.kept.token;
    const cli = findOnPath(this.command, env);
    if (!cli) return undefined;
    const token = await new Promise<string | undefined>((resolve) => execFile(cli, this.args, { timeout: 30_000 }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined)));
    this.kept = token === undefined ? undefined : { token, at: Date.now() };
    return token;
  }

  /** The store refused it: the next fetch asks the CLI again. */
  forget(): void {
    this.kept = undefined;
  }
}
