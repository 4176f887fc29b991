// ESLint for the UI: typescript-eslint's recommended type-aware rules and React's hooks
// rules (rules-of-hooks, exhaustive-deps). `cargo xtask check` runs it; a finding fails the check with file, line and rule.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "node_modules"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      // The classic hooks rules. Plugin 7's recommended set also carries the React
      // Compiler's rules (set-state-in-effect, refs, ...); the wizards' rewrite into
      // steps over one model is where those get met, not a sweep of disable comments.
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
