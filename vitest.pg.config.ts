import { defineConfig } from 'vitest/config';

// The server suites against a real PostgreSQL (127.0.0.1:5432, or FIELDBOOK_TEST_PG_URL); each test file
// creates and drops its own databases.
export default defineConfig({
  test: {
    globals: true,
    environment: 'node',
    include: ['tests/server/**/*.pg.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './tests/summaryReporter.ts'],
  },
});
