import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/**/*.test.ts'],
    // Generous: a test's runs start real processes, and on a busy 2-CPU VM (or one whose python3 is
    // a pyenv shim, ~0.4 s a start there) one start can take 5 ms to 1 s. A hung test still fails.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    setupFiles: ['test-support/temp-root.ts'],
    // Most test files wait on the processes they start (runs, the CLI, servers): one more file at a
    // time than there are CPUs keeps them busy (vitest's default, one fewer, ran them one by one on
    // a 2-CPU machine: 7½ minutes there, under 4 with three at a time).
    maxWorkers: availableParallelism() + 1,
  },
});
