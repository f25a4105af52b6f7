import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// One vitest run for every suite except e2e; the Vue plugin lets the renderer's component tests load .vue files.
export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
