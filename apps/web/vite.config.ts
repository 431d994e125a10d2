import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// the API, the tRPC panel and health live on the server; in dev they are proxied so the
// storefront talks to them on its own origin, exactly as it does when the server hosts it
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
const proxy = Object.fromEntries(
  ['/trpc', '/panel', '/healthz', '/images'].map((path) => [path, { target: apiUrl }]),
);

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy },
  preview: { proxy },
});
