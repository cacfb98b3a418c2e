/** The files under `dir` as a store's keys (`a/b.csv`): what the stand-in stores serve. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function keysUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? keysUnder(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]));
}
