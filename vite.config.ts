// Builds the renderer (renderer/) into dist/renderer, which both hosts serve: Electron from app://sightline/ and
// browser mode from the loopback web host. The output must run under the strict CSP in electron/shared/csp.ts:
// no inline script (the module-preload polyfill is off, so index.html keeps only external <script src>), no eval
// (Vue's runtime-only build; zod runs jitless, see renderer/src/setup/zod.ts) and nothing fetched from elsewhere.
/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./renderer', import.meta.url));
const repo = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));
/** For `vite` dev only: the web host to forward /api to (start it with `npm run lab:web -- --port 5757`). */
const devLab = process.env.SIGHTLINE_LAB_URL ?? 'http://127.0.0.1:5757';

export default defineConfig({
  root,
  base: './',
  plugins: [vue()],
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    // Two pages: the app (index.html) and the workshop page the workshop server serves (workshop.html).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./renderer/index.html', import.meta.url)),
        workshop: fileURLToPath(new URL('./renderer/workshop.html', import.meta.url)),
      },
    },
  },
  // The renderer's component tests need the Vue plugin: `vitest run --config vite.config.ts`.
  test: {
    root: repo,
    include: ['tests/unit/renderer-*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
  },
  server: {
    fs: { allow: [repo] },
    proxy: {
      // The web host refuses foreign Origin headers; the dev server is a different origin, so drop it.
      '/api': {
        target: devLab,
        ws: true,
        changeOrigin: true,
        configure(proxy) {
          proxy.on('proxyReq', (req) => req.removeHeader('origin'));
          proxy.on('proxyReqWs', (req) => req.removeHeader('origin'));
        },
      },
    },
  },
});
