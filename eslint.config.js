// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Node built-ins, in both spellings: the shared packages must run in the browser too. */
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'url', 'stream', 'buffer'];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'bench/results/**',
      '**/*.min.js',
      '.cache/**',
      '.data/**',
      'test-artifacts/**',
      'extension/lib/**',
      'mode/lib/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // node:test's describe/it return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test'] },
          ],
        },
      ],
      eqeqeq: 'error',
      'no-console': 'off',
    },
  },
  {
    // The selection core and the contract are pure: no DOM, no Node APIs, no I/O, no clock, no global randomness.
    files: ['selection-core/src/**/*.ts', 'contract/src/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { patterns: nodeBuiltins }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Take an Rng argument (createRng) instead.' },
        { object: 'Date', property: 'now', message: 'Take the time as an argument.' },
      ],
      'no-restricted-globals': ['error', 'fetch', 'window', 'document', 'process', 'Buffer', 'setTimeout'],
    },
  },
  {
    // The contract is the wire both sides share: it depends on zod and nothing else.
    files: ['contract/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!zod$)[^.]', message: 'The contract depends on zod only.' }] },
      ],
    },
  },
  {
    // Browser code: the shared DICOM reader and the OHIF extension and mode run in the viewer's page.
    files: ['dicom-image/src/**/*.ts', 'extension/src/**/*.{ts,tsx}', 'mode/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: nodeBuiltins }] },
  },
  {
    // The viewer's plugins know the server only through the wire contract (test/contract/importBoundary).
    files: ['extension/src/**/*.{ts,tsx}', 'mode/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'Browser code: no Node built-ins.' },
            {
              regex: '(^|/)trainer-server(/|$)',
              message: 'The extension and mode reach the server only through @aift/contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
