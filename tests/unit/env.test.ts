import { describe, expect, it } from "vitest";
import { parseEnv, parseServerEnv, secureCookies } from "@/env";
import { databaseOptionsFromEnv } from "@/server/db/connection";

describe("environment", () => {
  it("defaults to the embedded database in .data/pglite", () => {
    const env = parseEnv({});
    expect(databaseOptionsFromEnv(env)).toEqual({ engine: "pglite", dataDir: ".data/pglite", poolMax: 10 });
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("uses PostgreSQL with explicit pool size and timeouts when DATABASE_URL is set", () => {
    const env = parseEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/modalis", DB_POOL_MAX: "5" });
    expect(databaseOptionsFromEnv(env)).toEqual({
      engine: "postgres",
      url: "postgresql://postgres@127.0.0.1:5432/modalis",
      poolMax: 5,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 15000,
    });
  });

  it("stops on a bad value with a message naming the variable, in French and English", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://localhost/db" })).toThrow(/DATABASE_URL : doit être une URL PostgreSQL.*must be a PostgreSQL URL/s);
    expect(() => parseEnv({ DB_POOL_MAX: "0" })).toThrow(/DB_POOL_MAX/);
  });

  it("parses trusted proxies as addresses and networks, and refuses anything else", () => {
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXIES: "10.0.0.0/8, 192.168.1.10 ::1" }).TRUSTED_PROXIES).toEqual([
      { address: "10.0.0.0", prefix: 8, family: "ipv4" },
      { address: "192.168.1.10", prefix: 32, family: "ipv4" },
      { address: "::1", prefix: 128, family: "ipv6" },
    ]);
    for (const bad of ["proxy.local", "10.0.0.0/33", "10.0.0.1/8/2", "fd00::/129", "10.0.0.0/x"]) {
      expect(() => parseEnv({ TRUSTED_PROXIES: bad }), bad).toThrow(/TRUSTED_PROXIES/);
    }
  });

  it("takes an idle timeout in minutes, 30 by default", () => {
    expect(parseEnv({}).SESSION_IDLE_MINUTES).toBe(30);
    expect(parseEnv({ SESSION_IDLE_MINUTES: "15" }).SESSION_IDLE_MINUTES).toBe(15);
    expect(() => parseEnv({ SESSION_IDLE_MINUTES: "0" })).toThrow(/SESSION_IDLE_MINUTES/);
  });

  it("refuses to start a production server on PostgreSQL without a real secret and an https public URL", () => {
    const production = { NODE_ENV: "production", DATABASE_URL: "postgresql://modalis@db:5432/modalis" };
    expect(() => parseServerEnv(production)).toThrow(/NEXTAUTH_SECRET.*\n.*NEXTAUTH_URL/s);
    expect(() => parseServerEnv({ ...production, NEXTAUTH_SECRET: "court", NEXTAUTH_URL: "https://modalis.example" })).toThrow(/NEXTAUTH_SECRET/);
    expect(() => parseServerEnv({ ...production, NEXTAUTH_SECRET: "s".repeat(32), NEXTAUTH_URL: "http://modalis.example" })).toThrow(/NEXTAUTH_URL/);
    const ready = parseServerEnv({ ...production, NEXTAUTH_SECRET: "s".repeat(32), NEXTAUTH_URL: "https://modalis.example" });
    expect(secureCookies(ready)).toBe(true);
    // A loopback URL is reachable from this machine only: the end-to-end and benchmark servers.
    expect(secureCookies(parseServerEnv({ ...production, NEXTAUTH_SECRET: "s".repeat(32), NEXTAUTH_URL: "http://127.0.0.1:3100" }))).toBe(false);
    // The embedded database and development servers keep working without configuration.
    expect(() => parseServerEnv({ NODE_ENV: "production" })).not.toThrow();
    expect(() => parseServerEnv({ DATABASE_URL: production.DATABASE_URL })).not.toThrow();
  });
});
