import { defineConfig } from 'vitest/config';

const postgresSetup = './tests/support/postgres-global-setup.ts';

export default defineConfig({
  test: {
    // 2 cores: two test files at a time, across all projects.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'web/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-pglite',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          env: { NAER_TEST_ENGINE: 'pglite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-postgres',
          // tests/support holds the self-test of the PostgreSQL harness itself.
          include: ['tests/integration/**/*.test.ts', 'tests/support/**/*.test.ts'],
          environment: 'node',
          env: { NAER_TEST_ENGINE: 'postgres' },
          globalSetup: [postgresSetup],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'fault',
          include: ['tests/fault/**/*.test.ts'],
          environment: 'node',
          env: { NAER_TEST_ENGINE: 'postgres' },
          globalSetup: [postgresSetup],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
