// ESLint (flat config): the recommended JavaScript and typescript-eslint rules over src/, test/, bench/ and
// scripts/, and the direction of dependencies: nothing under src/ outside the CLI (src/cli.ts, src/cli/) imports
// from the CLI — the library never depends on its command line (test/architecture/layering.test.ts checks the
// same at run time).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/', 'build/', 'build-debug/', 'prebuilds/', 'node_modules/', 'bench/peers/', 'coverage/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        SharedArrayBuffer: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        queueMicrotask: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
      },
    },
    rules: {
      // `_name` marks a parameter or binding kept for its position or to drop it from a rest object.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // CommonJS package: require() loads the addon, optional peers and compiled workers at run time.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli.ts', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\.?/)+(cli|cli/.*)$',
              message: 'the library must not depend on the CLI (src/cli.ts, src/cli/): move the shared code to src/.',
            },
          ],
        },
      ],
    },
  },
  // No function over 60 lines in src/ (#13): a longer one gets split into named helpers. The exceptions carry their
  // reason in an eslint-disable-next-line comment at the function (docs/design.md lists them).
  {
    files: ['src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60 }] },
  },
);
