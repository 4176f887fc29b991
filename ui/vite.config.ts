import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true, fs: { allow: [".."] } },
  build: { target: "es2022", chunkSizeWarningLimit: 4096 },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
