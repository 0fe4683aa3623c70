import { defineConfig } from 'vitest/config';

// The browser tests drive the built console (npm run build) in Debian's Chromium.
// They share one machine's two cores, so they run one file at a time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
