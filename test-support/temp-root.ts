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
afterAll(() => rmSync(root, { recursive: true, force: true }));
