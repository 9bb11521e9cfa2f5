import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Imports flow one way: domain logic never reaches the adapters above it.
    files: ['src/context/**/*.ts', 'src/assistant/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/db/**', '**/web/**', '**/cli/**', '**/email/**', '**/pipeline/**', '**/simulator/**'] },
      ],
    },
  },
  {
    files: ['src/bigcommerce/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Property[key.name='method'] > Literal[value=/^(POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/i]",
          message: 'The BigCommerce client is read-only: only GET is allowed in src/bigcommerce.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '**/db/**',
            '**/web/**',
            '**/cli/**',
            '**/email/**',
            '**/context/**',
            '**/assistant/**',
            '**/pipeline/**',
          ],
        },
      ],
    },
  },
  {
    // Webhook subscriptions: the only non-GET Snoooz sends to BigCommerce, and only to /v3/hooks.
    // It may use the store-hash check, the API URL config and the error types, nothing else of ours.
    files: ['src/bigcommerce-hooks/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!bigcommerce/(store-hash|config|errors)\\.js$)',
              message: 'src/bigcommerce-hooks may import only bigcommerce/store-hash, config and errors.',
            },
            { regex: '^(node:)?(http|https|http2|net|tls)$', message: 'Requests go through fetch in hooks.ts only.' },
            { regex: '^(undici|axios|got|node-fetch)$', message: 'Requests go through fetch in hooks.ts only.' },
          ],
        },
      ],
    },
  },
);
