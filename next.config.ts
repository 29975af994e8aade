import type { NextConfig } from "next";

/** Sent with every response, static files included (the per-request CSP of pages and routes is set in src/proxy.ts). */
const SECURITY_HEADERS = [
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/**
 * Route handlers that send their own `Referrer-Policy: no-referrer` (PRIVATE_HEADERS in src/server/routes/seeker-space.ts:
 * the calendar feed's URL is its secret, the others are personal files). A header set here would replace theirs (Next.js
 * keeps the configured value and drops the route's), so the site-wide policy skips them.
 */
export const OWN_REFERRER_POLICY_ROUTES = ["calendrier", "mon-espace/mes-donnees", "mon-espace/rendez-vous"];
const REFERRER_POLICY_SOURCE = `/:path((?!(?:${OWN_REFERRER_POLICY_ROUTES.join("|")})(?:/|$)).*)`;

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files it loads from its own folder; argon2 is a native addon; pg-boss (CommonJS, on
  // pg) writes the outbox's jobs inside the use cases' transactions (src/server/jobs/send-in-transaction.ts); exceljs
  // (CommonJS, temporary files, streams) reads imported registration workbooks (src/server/imports/read-file.ts).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg", "pg-boss", "exceljs"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // forbidden() answers a page refused to the signed-in person with a real 403 (src/app/forbidden.tsx).
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: REFERRER_POLICY_SOURCE, headers: [{ key: "Referrer-Policy", value: "same-origin" }] },
      // Static files never pass through the proxy: a restrictive policy of their own.
      { source: "/_next/static/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }] },
    ];
  },
};

export default nextConfig;
