import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Runs only the web app's tests (`npx vitest run --config web/vitest.config.ts`); the root config runs them too. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['web/src/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
  },
});
