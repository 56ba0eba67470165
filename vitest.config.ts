import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The two-replica drill takes minutes (two bots, PostgreSQL, a SIGKILL and a restart per scenario): it runs as
    // `npm run drill:replicas`, not in npm test, which keeps to its 4-minute budget.
    exclude: process.env.DRILL === '1' ? configDefaults.exclude : [...configDefaults.exclude, 'test/drill/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Most test files wait (on child processes, sockets, timers) more than they compute, so one worker per core
    // plus one keeps the cores busy; vitest's default of cores - 1 ran this 2-core machine's suite in one fork
    // (298 s; 116–122 s with these two settings).
    maxWorkers: availableParallelism() + 1,
    // A file's modules stay loaded for the next file in its fork: importing the bot afresh per file was ~150 s of
    // the suite's CPU. Files are independent of each other's order (checked with --sequence.shuffle.files).
    isolate: false,
    globalSetup: ['test/helpers/build.ts', 'test/helpers/tmp.ts'],
  },
});
