// `npm run lint`: Next.js's rules (React, hooks, accessibility, @next/next), typescript-eslint with the type-aware
// rules that catch real defects, and the layer rule of the README's architecture made executable.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import globals from "globals";
import modalis from "./scripts/lint/client-boundary.mjs";

/** Every module of src/ imports across folders through `@/`, so that the layer rules below see the real path. */
const NO_PARENT_IMPORTS = {
  group: ["../*", "../**"],
  message: "Import through `@/…` (src/) rather than a parent-relative path: the layer rules read the `@/` path.",
};

/** The layer rule (README « Architecture »), one entry per layer: which imports its files must not make. */
const LAYERS = [
  {
    name: "domain",
    files: ["src/domain/**"],
    patterns: [
      {
        regex: "^@/(?!domain(/|$))",
        message: "src/domain imports nothing of ours but itself (pure rules: no server, database, framework or clock).",
      },
      {
        group: [
          "next",
          "next/*",
          "react",
          "react/*",
          "react-dom",
          "react-dom/*",
          "next-auth",
          "next-auth/*",
          "@prisma/*",
          "pg",
          "@electric-sql/*",
          "pglite-prisma-adapter",
          "server-only",
          "node:*",
        ],
        message: "src/domain is pure TypeScript: no framework, database or I/O.",
      },
    ],
  },
  {
    name: "app",
    files: ["src/app/**"],
    patterns: [
      {
        group: ["@/server/db", "@/server/db/*", "@/generated/*", "@prisma/*", "pg", "@electric-sql/*", "pglite-prisma-adapter"],
        message: "src/app never imports the database: read through src/server/queries, write through server actions (types: src/domain).",
      },
      {
        group: ["@/server/use-cases", "@/server/use-cases/*"],
        allowTypeImports: true,
        message: "Pages never call use cases: they read through src/server/queries and write through server actions (src/server/actions).",
      },
      {
        group: ["@/server/context"],
        message: "src/app never acts as someone else: `actingAs` is for the tests and the scripts; a request's actor is its session.",
      },
    ],
  },
  {
    name: "queries",
    files: ["src/server/queries/**"],
    patterns: [
      {
        group: ["@/server/use-cases", "@/server/use-cases/*", "@/server/actions", "@/server/actions/*"],
        message: "Queries never import use cases or actions (queries only read): move what both need to src/domain or a shared server module.",
      },
    ],
  },
];

/**
 * The React, hooks, accessibility and Next.js rules only where components live (src/): elsewhere (tests, benchmark,
 * scripts) they find nothing to check and only cost time.
 */
const FRONT_END_PLUGINS = ["react", "react-hooks", "jsx-a11y", "@next/next"];
const frontEndRulesOff = Object.fromEntries(
  [...nextCoreWebVitals, ...nextTypescript]
    .flatMap((config) => Object.keys(config.rules ?? {}))
    .filter((rule) => FRONT_END_PLUGINS.some((plugin) => rule.startsWith(`${plugin}/`)))
    .map((rule) => [rule, "off"]),
);

const restrictImports = (patterns) => ["error", { patterns: [NO_PARENT_IMPORTS, ...patterns] }];

export default defineConfig([
  globalIgnores(["src/generated/**", ".data/**", "bench/results/**", "bench/datasets/**", "test-results/**", "playwright-report/**", ".ci/node24/**"]),
  { name: "eslint/recommended", ...js.configs.recommended },
  ...nextCoreWebVitals,
  ...nextTypescript,
  { name: "modalis/front-end-rules-in-src-only", ignores: ["src/**"], rules: frontEndRulesOff },
  {
    name: "modalis/javascript",
    rules: {
      // src/lib/callback-path.ts and src/lib/ics.ts match control characters on purpose: they refuse or escape them.
      "no-control-regex": "off",
    },
  },
  { name: "modalis/commonjs", files: ["**/*.cjs"], languageOptions: { sourceType: "commonjs", globals: globals.node } },
  {
    name: "modalis/typescript",
    files: ["**/*.{ts,tsx,mts,cts}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Type-aware rules that find real defects: a promise nobody awaits or one passed where nothing awaits it (its
      // rejection is lost: forEach, event emitters, JSX event handlers), `await` on a non-promise, `return promise` inside try (the catch
      // never sees its rejection), a rejection with a non-Error, a switch that forgets a member of a union.
      // Left out on purpose: the no-unsafe-* family and require-await (noise on Prisma rows and async interfaces),
      // no-unnecessary-condition (flags the defensive checks noUncheckedIndexedAccess asks for).
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/return-await": ["error", "in-try-catch"],
      "@typescript-eslint/prefer-promise-reject-errors": "error",
      "@typescript-eslint/no-array-delete": "error",
      "@typescript-eslint/no-for-in-array": "error",
      "@typescript-eslint/no-implied-eval": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      // Next's preset makes these warnings; an unused import or a statement without effect is worth an error.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-unused-expressions": "error",
    },
  },
  {
    // Promises handed where nothing awaits them matter where code runs for users (JSX handlers, emitters, servers);
    // in the tests and the benchmark, Vitest awaits what they return and no-floating-promises still runs.
    name: "modalis/misused-promises-where-code-serves",
    files: ["tests/**", "bench/**"],
    rules: { "@typescript-eslint/no-misused-promises": "off" },
  },
  // Components live in .tsx files: the React Compiler's analysis has nothing to find in plain modules.
  { name: "modalis/components-in-tsx", files: ["src/**/*.ts"], rules: { "react-hooks/static-components": "off" } },
  {
    name: "modalis/layers",
    files: ["src/**/*.{ts,tsx}"],
    plugins: { modalis },
    rules: {
      "no-restricted-imports": restrictImports([]),
      "modalis/client-boundary": "error",
    },
  },
  {
    name: "modalis/domain-clock",
    files: ["src/domain/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "src/domain has no clock: take today or now as a parameter." },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "src/domain has no clock: take today or now as a parameter.",
        },
      ],
    },
  },
  {
    name: "modalis/scoped-counts",
    files: ["src/server/**", "src/app/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "Property[key.name='_count'] > ObjectExpression > Property[key.name='select']",
          message: "Prisma's relation counts group the whole related table (prisma/orm#23669): count the rows asked about with src/server/queries/loads.ts.",
        },
      ],
    },
  },
  ...LAYERS.map((layer) => ({ name: `modalis/layer-${layer.name}`, files: layer.files, rules: { "no-restricted-imports": restrictImports(layer.patterns) } })),
]);
