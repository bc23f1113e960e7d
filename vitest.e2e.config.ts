import { defineConfig } from 'vitest/config';

// End-to-end: the real browser host in Debian's Chromium. Sequential, one host per file.
export default defineConfig({
  test: {
    globals: true,
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/globalSetup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './tests/summaryReporter.ts'],
  },
});
