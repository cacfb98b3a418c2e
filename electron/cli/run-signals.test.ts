/**
 * `run` listens for SIGINT, SIGTERM and SIGHUP while its run goes (Ctrl+C cancels, the others
 * leave it to resume) and stops listening when it returns: a program that drives the CLI in its
 * own process (an editor's host, a test) must not gather a listener per run.
 */
import { describe, expect, it } from 'vitest';
import { makeProject } from '../../test-support/runner.ts';
import { runCli } from './main.ts';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

describe('run in the calling process', () => {
  it('leaves no signal listener behind, run after run', async () => {
    const dir = makeProject('- step:\n    name: s\n    image: busybox\n    command: echo done\n');
    const before = SIGNALS.map((s) => process.listenerCount(s));
    for (let i = 0; i < 3; i++) {
      let out = '';
      const code = await runCli(['run', dir, '--step', 's', '--json'], { out: (t) => void (out += t), err: () => undefined, cwd: dir, color: false });
      expect(code).toBe(0);
      expect(out).toContain('"type":"run:finish"');
    }
    expect(SIGNALS.map((s) => process.listenerCount(s))).toEqual(before);
  });
});
