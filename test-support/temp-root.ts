/**
 * Vitest setup: each test file's temporary folders (projects, hosts, logs of a gigabyte) live
 * under one folder of its own, removed when the file's tests are done, so a test run leaves
 * nothing behind in the machine's temp folder. Child processes inherit it through TMPDIR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'pipewright-test-'));
process.env['TMPDIR'] = root;
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  // A run a test abandoned (a full disk, say) may still close a log it makes its folder again
  // for, a moment after its processes are gone: that goes too.
  await new Promise((settled) => setTimeout(settled, 300));
  rmSync(root, { recursive: true, force: true });
});
