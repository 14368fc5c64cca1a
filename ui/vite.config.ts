import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// Tauri serves the built files itself; the dev server is only for `tauri dev`.
export default defineConfig({
  // svelteTesting only acts under vitest: components mount with Svelte's browser build.
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: "localhost" },
  // Loaded from disk by the app, not over a network: one bundle of ~1 MB is fine.
  build: {
    target: "safari16",
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
  test: { environment: "jsdom", include: ["src/**/*.test.ts"] },
});
