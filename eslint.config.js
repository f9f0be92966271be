// Lint rules: typescript-eslint strict on all TS, eslint-plugin-vue for the client (docs/conventions.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

/**
 * Layers point one way (docs/architecture.md): scripts → cli → server-scripts → host-client → domain + generated;
 * client → domain + generated; devhost → only domain/meta/doctype.schema.ts. Each layer may not import the folders
 * listed here, at any depth of `../`. tests/unit/architecture/imports.test.ts checks the whole graph (and cycles).
 */
const up = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;
const LAYER_BOUNDS = {
  domain: up(['server-scripts', 'cli', 'devhost', 'client', 'host-client', 'scripts']),
  generated: up(['server-scripts', 'cli', 'devhost', 'client', 'host-client', 'scripts']),
  'host-client': up(['server-scripts', 'cli', 'devhost', 'client', 'scripts']),
  'server-scripts': up(['cli', 'devhost', 'client', 'scripts']),
  cli: up(['devhost', 'client', 'scripts']),
  'client/src': up(['server-scripts', 'cli', 'devhost', 'host-client', 'scripts']),
  devhost: `${up(['server-scripts', 'cli', 'client', 'host-client', 'generated'])}|^(\\.\\./)+domain/(?!meta/doctype\\.schema\\.ts$)`,
};
const boundaries = Object.entries(LAYER_BOUNDS).map(([folder, regex]) => ({
  files: [`${folder}/**/*.ts`, `${folder}/**/*.vue`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ regex, message: `${folder}/ may not import a higher layer (docs/architecture.md)` }] },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '**/dist/**', 'coverage/**', '.data/**', 'tests/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser }, globals: { ...globals.browser } },
    // Prettier owns layout; these eslint-plugin-vue rules only restate it (and disagree with it).
    rules: Object.fromEntries(
      [
        'html-closing-bracket-newline',
        'html-indent',
        'html-self-closing',
        'max-attributes-per-line',
        'singleline-html-element-content-newline',
        'multiline-html-element-content-newline',
        'first-attribute-linebreak',
        'html-closing-bracket-spacing',
      ].map((r) => [`vue/${r}`, 'off']),
    ),
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': [
        'error',
        { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // Tests index into fixtures they just built; a failed assumption fails the test anyway.
    files: ['tests/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', 'vue/one-component-per-file': 'off' },
  },
  ...boundaries,
  {
    // domain/ is pure: no clock, no environment, no I/O (docs/architecture.md, docs/conventions.md).
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'domain/ must not read the environment' },
        { name: 'fetch', message: 'domain/ does no I/O' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'domain/ is clock-free: take now as an argument',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'domain/ is clock-free: take now as an argument',
        },
        {
          selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='now']",
          message: 'domain/ is clock-free: take now as an argument',
        },
        {
          selector: "CallExpression[callee.object.name='DateTime'][callee.property.name='local']",
          message: 'domain/ is clock-free and zone-explicit',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'https', 'child_process'],
              message: 'domain/ does no I/O (docs/architecture.md)',
            },
            { regex: LAYER_BOUNDS.domain, message: 'domain/ may not import a higher layer (docs/architecture.md)' },
          ],
        },
      ],
    },
  },
);
