import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files it loads from its own folder; argon2 is a native addon.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
