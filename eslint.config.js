import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', 'web/dist', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Fastify plugins are async by contract even when they only register routes.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // Who may import whom (docs/architecture.md): the web app and the wire contract never reach into
  // the server, and the CLI reaches it through its one door, so it runs the API's own use cases.
  {
    files: ['web/**/*.{ts,tsx}', 'common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server', '**/server/**', '**/cli/**'], message: 'web/ and common/ may not import the server or the CLI: share types through common/.' }] }],
    },
  },
  {
    files: ['cli/**/*.ts'],
    // Tests check what a command wrote, in the database itself, as the server's tests do.
    ignores: ['cli/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '!**/server/cli-api', '**/web/**', '**/test/**'], message: 'cli/ reaches the server only through server/cli-api.' }] },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  // PM2 reads its process file with require(): CommonJS.
  {
    files: ['deploy/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['scripts/**', 'cli/*.js'], languageOptions: { globals: { process: 'readonly', console: 'readonly' } } },
);
