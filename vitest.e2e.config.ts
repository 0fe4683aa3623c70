import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { managedPolicySetPlugin } from './src/sandbox/scenarios/managedPolicySet/vitePlugin';

// The browser tests drive the built console (npm run build) in Debian's Chromium.
// They share one machine's two cores, so they run one file at a time.
export default defineConfig({
  // The tests start sandboxes in-process, and the sandbox imports the managed policy set.
  plugins: [managedPolicySetPlugin(fileURLToPath(new URL('.', import.meta.url)))],
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
