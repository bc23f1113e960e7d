// Lint: typescript-eslint with type-aware rules, React hooks, and the layer rules of DESIGN.md §2.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Floors of the core, in the only direction imports may run. */
const coreFloors = ['core-model', 'core-protocol', 'core-store', 'core-services', 'core-reports', 'core-io', 'core-sync', 'core-api', 'core-host', 'core-cli'];
const below = (type, ...extra) => ({ from: { element: { type } }, allow: { to: { element: { types: { anyOf: extra } } } } });
const contract = { file: { categories: 'contract' } };
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'worker_threads', 'module', 'url', 'util'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.electron-native/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', { name: 'alert', message: 'Use the app’s own dialogs.' }, { name: 'confirm', message: 'Use the app’s own dialogs.' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, 'no-console': 'error' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
  {
    files: ['core/**/*.ts', 'renderer/**/*.{ts,tsx}', 'electron/**/*.ts', 'server/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } },
      'boundaries/include': ['core/**/*', 'renderer/**/*', 'electron/**/*', 'server/**/*'],
      'boundaries/elements': [
        ...coreFloors.map((type) => ({ type, pattern: `core/${type.slice(5)}` })),
        { type: 'electron', pattern: 'electron' },
        { type: 'renderer', pattern: 'renderer' },
        { type: 'server', pattern: 'server' },
      ],
      // The contract is the one file of core/api the renderer and the Electron shell may import.
      'boundaries/files': [{ category: 'contract', pattern: 'core/api/contract.ts' }],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            // Any element may import its own files.
            { allow: { to: { element: { type: '{{from.element.type}}' } } } },
            below('core-protocol', 'core-model'),
            below('core-store', 'core-model', 'core-protocol'),
            below('core-services', 'core-model', 'core-protocol', 'core-store'),
            below('core-reports', 'core-model', 'core-protocol', 'core-store'),
            below('core-io', 'core-model', 'core-protocol', 'core-store', 'core-services', 'core-reports'),
            below('core-sync', 'core-model', 'core-protocol', 'core-store', 'core-services', 'core-reports'),
            below('core-api', 'core-model', 'core-protocol', 'core-store', 'core-services', 'core-reports', 'core-io', 'core-sync'),
            below('core-host', ...coreFloors.filter((f) => !['core-host', 'core-cli'].includes(f))),
            below('core-cli', ...coreFloors.filter((f) => !['core-host', 'core-cli'].includes(f))),
            below('renderer', 'core-model'),
            { from: { element: { type: 'renderer' } }, allow: { to: contract } },
            below('server', 'core-model', 'core-protocol'),
            // The shell may use the pure model (wording, types) besides the contract and the host.
            below('electron', 'core-model', 'core-api', 'core-host'),
            // External packages are governed by no-restricted-imports below.
            { allow: { to: { module: { origin: ['external', 'core'] } } } },
          ],
        },
      ],
    },
  },
  // Only the Electron shell may use the electron package; the renderer never sees Node.
  {
    files: ['core/**/*.ts', 'server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/ may import Electron.' }] }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the core only through its API client.' }],
          patterns: [{ group: nodeBuiltins, message: 'The renderer never uses Node.' }],
        },
      ],
    },
  },
  {
    // The contract may import only the model: never the dispatcher, services or store.
    files: ['core/api/contract.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\.(?!\\./model(/|$))', message: 'The contract imports only core/model.' }] },
      ],
    },
  },
);
