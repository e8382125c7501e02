import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineConfig } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layers } from './eslint.layers.js';

const root = import.meta.dirname;

// ESLint's own recommended set (what @eslint/js ships), read from the installed eslint.
const eslintRecommended = {
  name: 'naer/eslint-recommended',
  rules: Object.fromEntries(
    [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, 'error']),
  ),
};

// web/svelte.config.js may not exist yet, or may fail to load before `npm ci`; lint anyway.
async function loadSvelteConfig() {
  const file = join(root, 'web', 'svelte.config.js');
  if (!existsSync(file)) return undefined;
  try {
    return (await import(pathToFileURL(file).href)).default;
  } catch {
    return undefined;
  }
}
const svelteConfig = await loadSvelteConfig();

const tsFiles = ['**/*.ts', '**/*.mts', '**/*.cts'];
const svelteFiles = ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'];
const testFiles = ['**/*.test.ts', 'tests/**/*.ts'];

const unusedVars = [
  'error',
  {
    args: 'after-used',
    argsIgnorePattern: '^_',
    varsIgnorePattern: '^_',
    caughtErrorsIgnorePattern: '^_',
    destructuredArrayIgnorePattern: '^_',
    ignoreRestSiblings: true,
  },
];

export default defineConfig(
  {
    name: 'naer/ignores',
    ignores: [
      '**/node_modules/**',
      'web/build/**',
      'web/.svelte-kit/**',
      'drizzle/**',
      'data/**',
      '.tmp/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  eslintRecommended,
  {
    name: 'naer/globals',
    languageOptions: { globals: { ...globals.node } },
  },
  {
    name: 'naer/web-globals',
    files: ['web/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.serviceworker } },
  },

  // TypeScript, with type information.
  {
    name: 'naer/typescript',
    files: [...tsFiles, '**/*.svelte'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: root,
        // Same value for .ts and .svelte files, so the project service is not rebuilt between them.
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-unused-vars': unusedVars,
      // Async functions that implement an async interface need not await anything.
      '@typescript-eslint/require-await': 'off',
    },
  },

  // Svelte components: the plugin's recommended rules, TypeScript inside <script lang="ts">.
  svelte.configs.recommended,
  {
    name: 'naer/svelte',
    files: svelteFiles,
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        ...(svelteConfig ? { svelteConfig } : {}),
      },
    },
  },
  {
    name: 'naer/svelte-components',
    files: ['**/*.svelte'],
    rules: {
      // TypeScript and svelte-check know the globals (runes included) better than no-undef does.
      'no-undef': 'off',
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': unusedVars,
    },
  },

  // Layers: routes -> services -> repositories -> db.
  ...layers,

  // Tests.
  {
    name: 'naer/tests',
    files: testFiles,
    rules: {
      // expect(mock.method) passes methods around on purpose.
      '@typescript-eslint/unbound-method': 'off',
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test'].map((object) => ({ object, property: 'only', message: 'No .only in committed tests.' })),
      ],
    },
  },
);
