// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Frameworks that must stay outside the pure domain (src/operations) and the card renderers (src/cards):
// swapping botbuilder for the Agents SDK, or lowdb for another store, must not touch them.
const ADAPTER_PACKAGES = [
  'botbuilder',
  'botbuilder-*',
  'botframework-*',
  'restify',
  '@azure/msal-node',
  '@microsoft/microsoft-graph-client',
  'lowdb',
  'lowdb/*',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '.data/**', 'artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        structuredClone: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['src/operations/**/*.ts', 'src/cards/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ADAPTER_PACKAGES,
              message: 'src/operations and src/cards are pure: talk to the world through a port.',
            },
            {
              group: ['**/bot/**', '**/tenant/**', '**/store/**', '**/sandbox/**', '**/config', '**/config.ts'],
              message: 'The domain does not import adapters; adapters import the domain.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'Only src/config.ts reads the environment.' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only src/config.ts reads process.env.' },
      ],
    },
  },
);
