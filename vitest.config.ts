import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { iamDataPlugin } from './scripts/iamDataPlugin';
import { managedPolicySetPlugin } from './src/sandbox/scenarios/managedPolicySet/vitePlugin';

export default defineConfig({
  plugins: [iamDataPlugin(), managedPolicySetPlugin(fileURLToPath(new URL('.', import.meta.url)))],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/interop/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
