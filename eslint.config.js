// Flat ESLint config: JavaScript recommended + typescript-eslint + React hooks rules.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      "public/dev-build/**",
      ".local/**",
      ".cache/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["**/*.tsx", "**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    // Tests are not React: vitest helpers named use…() (e.g. useTestStackEnv) run at a file's top level.
    files: ["tests/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // The e-mail templates are a leaf: the app composes and sends them (times, money and links
    // already formatted), so emails/ never imports from app/ and the dependency stays one-way.
    files: ["emails/**/*.ts", "emails/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["~/*", "**/app/*", "**/app/**"], message: "emails/ must not import from app/: pass formatted values in as props." }] },
      ],
    },
  },
  {
    // Browser code never sees the service-role client or server-only environment.
    files: ["app/components/**/*.tsx", "app/routes/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "~/lib/platform/supabase-admin.server", message: "The service-role client is for server-only modules, never routes or components." }] },
      ],
    },
  },
);
