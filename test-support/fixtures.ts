import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = fileURLToPath(new URL('../test-fixtures/valohai-yaml/', import.meta.url));
export const EXAMPLE_YAML = fileURLToPath(new URL('../resources/example-project/valohai.yaml', import.meta.url));

export interface UpstreamVerdict {
  readonly expected: 'valid' | 'warning' | 'error';
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.yaml')).sort();
}

/** The example project's valohai.yaml, for tests that must not read files themselves (renderer/). */
export function readExample(): string {
  return readFileSync(EXAMPLE_YAML, 'utf8');
}

export function readFixture(name: string): string {
  return readFileSync(`${FIXTURE_DIR}${name}`, 'utf8');
}

export function upstreamVerdicts(): Record<string, UpstreamVerdict> {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}expected-lint.json`, 'utf8')) as Record<string, UpstreamVerdict>;
}

/** Lines removed and added between two texts (after the common head and tail). */
export function lineDiff(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  return { removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

/** A command's lines as the items of a step's `command:` list (`      - LINE` each), one per line of `command`. */
export function commandItems(command: string): string {
  return command
    .split('\n')
    .map((line) => `      - ${line}`)
    .join('\n');
}
