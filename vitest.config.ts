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
    globalSetup: ['test/helpers/build.ts'],
  },
});
