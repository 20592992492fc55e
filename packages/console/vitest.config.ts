/** Component tests: jsdom, fetch stubbed at the boundary (src/test/fetch-stub.ts); the browser tests are e2e. */
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      include: ['src/**/*.test.tsx'],
      setupFiles: ['src/test/setup.ts'],
      restoreMocks: true,
    },
  }),
);
