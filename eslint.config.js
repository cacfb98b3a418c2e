// Lint, including the layer table of DESIGN.md: each folder may import only what its layer allows.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'util', 'stream', 'worker_threads', 'process'];

/** `no-restricted-imports` for a layer: banned module patterns, with the reason. */
const layer = (files, banned, message, extra = {}) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: banned, message, ...extra }] }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'playwright/output/', 'playwright/report/', 'test-results/', '**/*.generated.js', '**/*.generated.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  layer(
    ['shared/**/*.ts'],
    [...NODE_BUILTINS, 'electron', 'react', 'react-dom', '**/electron/**', '**/renderer/**'],
    'shared/ is the pure model: no Node, DOM, Electron or React imports (DESIGN.md §1).',
  ),
  layer(
    ['electron/runner/**/*.ts'],
    ['electron', '**/main/**', '**/preload/**', '**/host/**', '**/cli/**', '**/renderer/**'],
    'electron/runner/ is pure Node: it never imports electron or the layers above it (DESIGN.md §1).',
  ),
  layer(['electron/host/**/*.ts'], ['electron', '**/main/**', '**/preload/**', '**/cli/**', '**/renderer/**'], 'electron/host/ may import shared/ and runner/ only.'),
  layer(['electron/cli/**/*.ts'], ['electron', '**/main/**', '**/preload/**', '**/renderer/**'], 'electron/cli/ may import shared/, runner/ and host/ only.'),
  layer(['electron/main/**/*.ts'], ['**/host/**', '**/cli/**', '**/renderer/**', '**/preload/**'], 'electron/main/ may import shared/, runner/ and electron only.'),
  layer(
    ['electron/preload/**/*.ts'],
    ['**/shared/**', '**/runner/**', '**/host/**', '**/main/**', '**/renderer/**', ...NODE_BUILTINS],
    'electron/preload/ exposes the API and nothing more: type-only imports from shared/.',
    { allowTypeImports: true },
  ),
  layer(
    ['renderer/**/*.{ts,tsx}'],
    [...NODE_BUILTINS, 'electron', '**/electron/**'],
    'renderer/ reaches the engine only through its api object: shared/ imports only (DESIGN.md §1).',
  ),
  {
    files: ['**/*.test.ts', 'test-support/**/*.ts', 'playwright/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', '*.config.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
);
