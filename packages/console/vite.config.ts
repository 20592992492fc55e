/**
 * The console is served by Herald at /console (packages/server/src/http/console-static.ts serves dist/). For
 * development, `npm run dev -w packages/console` serves the sources with hot reload and proxies the API calls to a
 * running Herald: HERALD_URL, default http://127.0.0.1:8080 (`npm start`).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const herald = process.env['HERALD_URL'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The server answers assets/* as immutable (their names carry a content hash) and everything else as no-cache.
    assetsDir: 'assets',
  },
  server: {
    // The session cookie is SameSite=Strict and the API checks the origin: keep the browser's Host on the proxy.
    proxy: {
      '/api': { target: herald, changeOrigin: false },
      '/console/api': { target: herald, changeOrigin: false },
    },
  },
});
