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

/** A folder may not import the named sibling folders of src/ (nor the composition root or the config reader). */
function layerRule(files, forbidden, why) {
  return [
    {
      files: [files],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                group: forbidden.map((folder) => `**/${folder}/**`),
                message: `${why}: it does not import ${forbidden.join(', ')}.`,
              },
            ],
          },
        ],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '.data/**', 'artifacts/**', 'coverage/**', 'dist/**', 'devTools/**'] },
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
              group: [
                '**/bot/**',
                '**/tenant/**',
                '**/store/**',
                '**/sandbox/**',
                '**/cli/**',
                '**/wiring/**',
                '**/server',
                '**/server.ts',
                '**/config',
                '**/config.ts',
              ],
              message: 'The domain does not import adapters; adapters import the domain.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'Only src/config.ts reads the environment.' }],
    },
  },
  // The arrows ARCHITECTURE.md draws: adapters import the domain, never each other's insides, and only the
  // composition (src/wiring, src/index.ts) knows them all. (`index.ts` inside a folder is that folder's face.)
  ...layerRule(
    'src/store/**/*.ts',
    ['bot', 'tenant', 'cli', 'wiring', 'sandbox', 'cards'],
    'A store implements a port of src/operations',
  ),
  ...layerRule(
    'src/tenant/**/*.ts',
    ['bot', 'store', 'cli', 'wiring', 'sandbox', 'cards'],
    'A tenant gateway implements a port of src/operations',
  ),
  ...layerRule(
    'src/wiring/**/*.ts',
    ['cli'],
    'The wiring is shared by the bot and the CLI; the CLI imports it, not the other way round',
  ),
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
