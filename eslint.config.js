// Lint holds the line between where code may run (STYLE.md, habit 1):
// the simulator core is pure and deterministic; only its crypto seam and CLI touch Node.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

const hostModules = ['electron', 'vue', 'd3', 'd3-*', 'pinia', '@codemirror/*', 'codemirror'];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'scratch/**',
      'dist/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      '.sightline/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Vue single-file components: the recommended rules, formatting left to prettier.
  ...vue.configs['flat/recommended'],
  {
    files: ['renderer/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser }, globals: { ...globals.browser } },
    rules: {
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/first-attribute-linebreak': 'off',
    },
  },
  {
    files: ['renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['simulator/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: hostModules, message: 'The simulator core must not depend on a host or UI library.' },
            {
              group: ['node:*'],
              message: 'Node built-ins live only behind the crypto-provider and host seams.',
            },
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'simulator/ imports nothing from hosts.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: "Use the run's seeded generator." },
        { object: 'Date', property: 'now', message: 'Use the virtual clock.' },
        { object: 'performance', property: 'now', message: 'Use the virtual clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Use the virtual clock.',
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'process',
        'Buffer',
        'require',
        'setTimeout',
        'setInterval',
      ],
    },
  },
  {
    files: [
      'simulator/crypto/node-provider.ts',
      'simulator/crypto/sodium-provider.ts',
      'simulator/crypto/host-provider.ts',
      'simulator/cli/**/*.ts',
      'simulator/**/*.node.ts',
    ],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-globals': 'off' },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
