import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { iamDataPlugin } from './scripts/iamDataPlugin';
import { managedPolicySetPlugin } from './src/sandbox/scenarios/managedPolicySet/vitePlugin';

// Three node entries share one build: the Electron main process, the web-mode
// server (same router, no Electron), and the standalone sandbox CLI. Keeping
// them in one build guarantees web mode runs exactly the code the desktop runs.
const __dirname = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  main: {
    // Every AWS managed policy, trimmed from its data package for the sandbox the main bundles carry.
    plugins: [managedPolicySetPlugin(__dirname)],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          web: resolve(__dirname, 'src/main/web.ts'),
          sandbox: resolve(__dirname, 'src/sandbox/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot be an ES module.
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [
      react(),
      // The IAM service reference for the policy editor's lint and completion, as a lazily loaded chunk.
      iamDataPlugin(),
      {
        // Vite's dev server injects CSS as <style> tags, which the page's CSP forbids.
        // Relax style-src for `npm run dev` only; the built app keeps the strict policy.
        name: 'trellis-dev-csp',
        apply: 'serve',
        transformIndexHtml: (html: string) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
      },
    ],
  },
});
