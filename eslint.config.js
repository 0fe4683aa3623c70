import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'http', 'https', 'child_process', 'os', 'net', 'crypto', 'url', 'stream'];
const nodeImports = [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      // Raw IPC belongs to the two thin wrappers only; everything else goes through the contract.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Use the contract router (src/main/ipc) or the preload bridge.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/ipc/electronBridge.ts', 'src/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The renderer is a web page: no Node, no Electron, no AWS SDK, no credentials.
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeImports, 'electron'].map((name) => ({
            name,
            message: 'The renderer runs in a browser sandbox.',
          })),
          patterns: [
            { group: ['@aws-sdk/*', '@smithy/*'], message: 'AWS calls belong to the main process.' },
            {
              group: ['**/main/**', '**/sandbox/**'],
              message: 'The renderer talks to main only through the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // Shared code is imported by both sides, so it must not pull in either side's world.
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeImports, 'electron'].map((name) => ({ name, message: 'src/shared runs in both processes.' })),
          patterns: [{ group: ['@aws-sdk/*', '**/main/**', '**/renderer/**', '**/sandbox/**'] }],
        },
      ],
    },
  },
);
