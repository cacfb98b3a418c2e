import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'scripts/**/*.test.ts', 'renderer/**/*.test.ts'],
    testTimeout: 30_000,
    setupFiles: ['test-support/temp-root.ts'],
    // Most test files wait on the processes they start (runs, the CLI, servers): one more file at a
    // time than there are CPUs keeps them busy (vitest's default, one fewer, ran them one by one on
    // a 2-CPU machine: 7½ minutes there, under 4 with three at a time).
    maxWorkers: availableParallelism() + 1,
  },
});
