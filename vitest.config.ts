import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One config, three projects: core+server run in Node, renderer in jsdom, electron in Node with `electron` mocked per test.
export default defineConfig({
  plugins: [react()],
  test: {
    globals: true,
    // Tests that type through jsdom or start a CLI process take seconds on a busy 2-core machine; a hang still fails.
    testTimeout: 20_000,
    reporters: ['default', './tests/summaryReporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          environment: 'node',
          include: ['tests/core/**/*.test.ts', 'tests/server/**/*.test.ts'],
          // PostgreSQL suites run with `npm run test:pg`.
          exclude: ['tests/server/**/*.pg.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/renderer/setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'electron', environment: 'node', include: ['tests/electron/**/*.test.ts'] },
      },
    ],
  },
});
